package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeQuorumRequest;
import io.petrel.protocol.schemas.DescribeQuorumResponse;
import io.petrel.protocol.schemas.DescribeQuorumResponse.Listener;
import io.petrel.protocol.schemas.DescribeQuorumResponse.Node;
import io.petrel.protocol.schemas.DescribeQuorumResponse.PartitionData;
import io.petrel.protocol.schemas.DescribeQuorumResponse.ReplicaState;
import io.petrel.protocol.schemas.DescribeQuorumResponse.TopicData;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeQuorum (v0-2), what Admin.describeMetadataQuorum and kafka-metadata-quorum show: a quorum of one
 * voter, this node, leading epoch {@value #QUORUM_EPOCH} and caught up now, with no observers. broker-stub keeps no
 * metadata log (topics and configs live in its own files), so the high watermark and the voter's log end offset are
 * 0 and it has no directory id.
 *
 * <p>As Kafka: only {@code __cluster_metadata} partition 0 exists here, anything else asked for is
 * UNKNOWN_TOPIC_OR_PARTITION on that partition; the request needs DESCRIBE on the cluster, else
 * CLUSTER_AUTHORIZATION_FAILED.
 */
public final class DescribeQuorumHandler implements RequestHandler {
    static final String METADATA_TOPIC = "__cluster_metadata";
    private static final int QUORUM_EPOCH = 1;

    private final BrokerIdentity identity;
    private final Clock clock;
    private final RequestAuthorizer access;

    public DescribeQuorumHandler(BrokerIdentity identity, Clock clock, RequestAuthorizer access) {
        this.identity = identity;
        this.clock = clock;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_QUORUM;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_QUORUM.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        Message response = DescribeQuorumResponse.SCHEMA.newMessage();
        if (!access.allowedOnCluster(context, AclOperation.DESCRIBE)) {
            return response.set(DescribeQuorumResponse.ERROR_CODE, ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code())
                    .set(DescribeQuorumResponse.TOPICS, new ArrayList<>());
        }
        List<Message> topics = new ArrayList<>();
        boolean onlyTheMetadataPartition = isOnlyTheMetadataPartition(request);
        for (Message t : request.get(DescribeQuorumRequest.TOPICS)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : t.get(DescribeQuorumRequest.TopicData.PARTITIONS)) {
                int index = p.get(DescribeQuorumRequest.PartitionData.PARTITION_INDEX);
                partitions.add(onlyTheMetadataPartition ? quorum(index) : unknown(index));
            }
            topics.add(Message.of(TopicData.SCHEMA)
                    .set(TopicData.TOPIC_NAME, t.get(DescribeQuorumRequest.TopicData.TOPIC_NAME))
                    .set(TopicData.PARTITIONS, partitions));
        }
        response.set(DescribeQuorumResponse.ERROR_CODE, ErrorCode.NONE.code()).set(DescribeQuorumResponse.TOPICS, topics);
        if (context.apiVersion() >= 2 && onlyTheMetadataPartition) {
            BrokerIdentity.Endpoint endpoint = identity.advertised(context.listenerName());
            response.set(DescribeQuorumResponse.NODES, new ArrayList<>(List.of(Message.of(Node.SCHEMA)
                    .set(Node.NODE_ID, identity.nodeId())
                    .set(Node.LISTENERS, new ArrayList<>(List.of(Message.of(Listener.SCHEMA)
                            .set(Listener.NAME, context.listenerName() == null ? "PLAINTEXT" : context.listenerName())
                            .set(Listener.HOST, endpoint.host())
                            .set(Listener.PORT, endpoint.port())))))));
        }
        return response;
    }

    /** Kafka's check: exactly one topic, the metadata topic, with exactly partition 0. */
    private static boolean isOnlyTheMetadataPartition(Message request) {
        List<Message> topics = request.get(DescribeQuorumRequest.TOPICS);
        if (topics.size() != 1 || !METADATA_TOPIC.equals(topics.get(0).get(DescribeQuorumRequest.TopicData.TOPIC_NAME))) {
            return false;
        }
        List<Message> partitions = topics.get(0).get(DescribeQuorumRequest.TopicData.PARTITIONS);
        return partitions.size() == 1 && partitions.get(0).get(DescribeQuorumRequest.PartitionData.PARTITION_INDEX) == 0;
    }

    private Message quorum(int partition) {
        long now = clock.millis();
        Message voter = Message.of(ReplicaState.SCHEMA)
                .set(ReplicaState.REPLICA_ID, identity.nodeId())
                .set(ReplicaState.REPLICA_DIRECTORY_ID, new UUID(0L, 0L))
                .set(ReplicaState.LOG_END_OFFSET, 0L)
                .set(ReplicaState.LAST_FETCH_TIMESTAMP, now)
                .set(ReplicaState.LAST_CAUGHT_UP_TIMESTAMP, now);
        return Message.of(PartitionData.SCHEMA)
                .set(PartitionData.PARTITION_INDEX, partition)
                .set(PartitionData.ERROR_CODE, ErrorCode.NONE.code())
                .set(PartitionData.LEADER_ID, identity.nodeId())
                .set(PartitionData.LEADER_EPOCH, QUORUM_EPOCH)
                .set(PartitionData.HIGH_WATERMARK, 0L)
                .set(PartitionData.CURRENT_VOTERS, new ArrayList<>(List.of(voter)))
                .set(PartitionData.OBSERVERS, new ArrayList<>());
    }

    private static Message unknown(int partition) {
        return Message.of(PartitionData.SCHEMA)
                .set(PartitionData.PARTITION_INDEX, partition)
                .set(PartitionData.ERROR_CODE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code())
                .set(PartitionData.LEADER_ID, -1)
                .set(PartitionData.LEADER_EPOCH, -1)
                .set(PartitionData.HIGH_WATERMARK, -1L)
                .set(PartitionData.CURRENT_VOTERS, new ArrayList<>())
                .set(PartitionData.OBSERVERS, new ArrayList<>());
    }
}
