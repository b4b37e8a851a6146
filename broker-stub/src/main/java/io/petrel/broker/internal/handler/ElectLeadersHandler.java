package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ElectLeadersRequest;
import io.petrel.protocol.schemas.ElectLeadersRequest.TopicPartitions;
import io.petrel.protocol.schemas.ElectLeadersResponse;
import io.petrel.protocol.schemas.ElectLeadersResponse.PartitionResult;
import io.petrel.protocol.schemas.ElectLeadersResponse.ReplicaElectionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ElectLeaders (v0-2) as a single node truthfully can: this node is every partition's only replica and
 * leader, so there is never anything to elect, preferred or unclean. As Kafka's controller: each named partition
 * that exists is ELECTION_NOT_NEEDED, an unknown topic or partition UNKNOWN_TOPIC_OR_PARTITION; a request for all
 * partitions (null list) lists only those an election would change, so none. Needs ALTER on the cluster, else
 * CLUSTER_AUTHORIZATION_FAILED (request-wide from v1, and on each named partition).
 */
public final class ElectLeadersHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public ElectLeadersHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ELECT_LEADERS;
    }

    @Override
    public Versions versions() {
        return ApiKey.ELECT_LEADERS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> elect(context, request));
    }

    private Message elect(RequestContext context, Message request) {
        boolean authorized = access.allowedOnCluster(context, AclOperation.ALTER);
        List<Message> results = new ArrayList<>();
        List<Message> requested = request.get(ElectLeadersRequest.TOPIC_PARTITIONS);
        for (Message t : requested == null ? List.<Message>of() : requested) {
            String name = t.get(TopicPartitions.TOPIC);
            Optional<Topic> topic = topics.topic(name);
            List<Message> partitions = new ArrayList<>();
            for (int p : t.get(TopicPartitions.PARTITIONS)) {
                partitions.add(!authorized ? result(p, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null)
                        : topic.isEmpty() ? result(p, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "No such topic as " + name)
                        : !topic.get().hasPartition(p)
                        ? result(p, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "No such partition as " + name + "-" + p)
                        : result(p, ErrorCode.ELECTION_NOT_NEEDED, null));
            }
            results.add(Message.of(ReplicaElectionResult.SCHEMA)
                    .set(ReplicaElectionResult.TOPIC, name)
                    .set(ReplicaElectionResult.PARTITION_RESULT, partitions));
        }
        Message response = ElectLeadersResponse.SCHEMA.newMessage()
                .set(ElectLeadersResponse.THROTTLE_TIME_MS, 0)
                .set(ElectLeadersResponse.REPLICA_ELECTION_RESULTS, results);
        if (context.apiVersion() >= 1) {
            response.set(ElectLeadersResponse.ERROR_CODE,
                    (authorized ? ErrorCode.NONE : ErrorCode.CLUSTER_AUTHORIZATION_FAILED).code());
        }
        return response;
    }

    private static Message result(int partition, ErrorCode error, String message) {
        return Message.of(PartitionResult.SCHEMA)
                .set(PartitionResult.PARTITION_ID, partition)
                .set(PartitionResult.ERROR_CODE, error.code())
                .set(PartitionResult.ERROR_MESSAGE, message);
    }
}
