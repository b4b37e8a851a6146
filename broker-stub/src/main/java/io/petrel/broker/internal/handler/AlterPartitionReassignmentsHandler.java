package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsRequest;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsRequest.ReassignablePartition;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsRequest.ReassignableTopic;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsResponse;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsResponse.ReassignablePartitionResponse;
import io.petrel.protocol.schemas.AlterPartitionReassignmentsResponse.ReassignableTopicResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers AlterPartitionReassignments (v0-1) as a single node truthfully can: a partition can only be "moved" to
 * where it is, this node, which succeeds and changes nothing; no reassignment ever runs, so cancelling one (null
 * replicas) is NO_REASSIGNMENT_IN_PROGRESS. Kafka's controller's checks, with its messages: an empty replica list,
 * a broker that is not registered (any but this node) or one named twice is INVALID_REPLICA_ASSIGNMENT; an unknown
 * topic or partition UNKNOWN_TOPIC_OR_PARTITION. Needs ALTER on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
 */
public final class AlterPartitionReassignmentsHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final RequestAuthorizer access;

    public AlterPartitionReassignmentsHandler(TopicRegistry topics, BrokerIdentity identity, RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public Versions versions() {
        return ApiKey.ALTER_PARTITION_REASSIGNMENTS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> alter(context, request));
    }

    /** A partition's outcome: the error and Kafka's message for it (null with NONE). */
    private record Outcome(ErrorCode error, String message) {
    }

    private Message alter(RequestContext context, Message request) {
        boolean authorized = access.allowedOnCluster(context, AclOperation.ALTER);
        List<Message> responses = new ArrayList<>();
        for (Message t : request.get(AlterPartitionReassignmentsRequest.TOPICS)) {
            String name = t.get(ReassignableTopic.NAME);
            Optional<Topic> topic = topics.topic(name);
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(ReassignableTopic.PARTITIONS)) {
                int index = p.get(ReassignablePartition.PARTITION_INDEX);
                Outcome outcome = authorized ? reassign(name, topic, index, p.get(ReassignablePartition.REPLICAS))
                        : new Outcome(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
                partitions.add(Message.of(ReassignablePartitionResponse.SCHEMA)
                        .set(ReassignablePartitionResponse.PARTITION_INDEX, index)
                        .set(ReassignablePartitionResponse.ERROR_CODE, outcome.error().code())
                        .set(ReassignablePartitionResponse.ERROR_MESSAGE, outcome.message()));
            }
            responses.add(Message.of(ReassignableTopicResponse.SCHEMA)
                    .set(ReassignableTopicResponse.NAME, name)
                    .set(ReassignableTopicResponse.PARTITIONS, partitions));
        }
        Message response = AlterPartitionReassignmentsResponse.SCHEMA.newMessage()
                .set(AlterPartitionReassignmentsResponse.THROTTLE_TIME_MS, 0)
                .set(AlterPartitionReassignmentsResponse.ERROR_CODE,
                        (authorized ? ErrorCode.NONE : ErrorCode.CLUSTER_AUTHORIZATION_FAILED).code())
                .set(AlterPartitionReassignmentsResponse.RESPONSES, responses);
        if (context.apiVersion() >= 1) {
            response.set(AlterPartitionReassignmentsResponse.ALLOW_REPLICATION_FACTOR_CHANGE,
                    request.get(AlterPartitionReassignmentsRequest.ALLOW_REPLICATION_FACTOR_CHANGE));
        }
        return response;
    }

    private Outcome reassign(String name, Optional<Topic> topic, int partition, List<Integer> replicas) {
        if (topic.isEmpty()) {
            return new Outcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find a topic named " + name + ".");
        }
        if (!topic.get().hasPartition(partition)) {
            return new Outcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "Unable to find partition " + name + ":" + partition + ".");
        }
        if (replicas == null) {
            return new Outcome(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, "No partition reassignment is in progress.");
        }
        if (replicas.isEmpty()) {
            return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "The manual partition assignment includes an empty replica list.");
        }
        Integer previous = null;
        for (int broker : sorted(replicas)) {
            if (broker != identity.nodeId()) {
                return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes broker "
                        + broker + ", but no such broker is registered.");
            }
            if (previous != null && previous == broker) {
                return new Outcome(ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes the broker " + broker + " more than once.");
            }
            previous = broker;
        }
        return new Outcome(ErrorCode.NONE, null);
    }

    private static List<Integer> sorted(List<Integer> replicas) {
        List<Integer> sorted = new ArrayList<>(replicas);
        sorted.sort(null);
        return sorted;
    }
}
