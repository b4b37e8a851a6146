package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;

/**
 * Answers OffsetFetch: reads the offset store under the coordinator's lock, answering -1 for partitions
 * without a committed offset and every committed partition when no topics are named. Before v8 one group
 * is asked for (v0-1 carry a group error on every partition); from v8 many; from v10 topics are named by
 * id, which needs a {@link TopicIdsAndPartitions}: without one those versions are not served. With
 * require_stable (v7+, KIP-447) a partition whose offset an open transaction holds is UNSTABLE_OFFSET_COMMIT,
 * which the consumer retries, so it never starts from an offset that transaction may still replace.
 *
 * <p>With an authorizer, as Kafka: a group needs DESCRIBE (else GROUP_AUTHORIZATION_FAILED for it); a topic asked
 * for by name needs DESCRIBE (else its partitions are TOPIC_AUTHORIZATION_FAILED), and when all of a group's
 * topics are asked for, those without DESCRIBE are left out.
 */
final class OffsetFetchHandler implements RequestHandler {
    /** The first version that names topics by id. */
    private static final short TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final TopicIdsAndPartitions topics;
    private final RequestAuthorizer access;

    /** @param topics the broker's topics, or null to serve no topic-id version */
    OffsetFetchHandler(GroupCoordinator coordinator, TopicIdsAndPartitions topics, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public Versions versions() {
        return TopicIdsAndPartitions.servedVersions(ApiKey.OFFSET_FETCH, TOPIC_ID_VERSION, topics);
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> offsetFetch(context, request));
    }

    /** A group's part of a fetch: the topics asked for (null: all), by name or by id. */
    /** One group's fetch; v9+ may name the consumer-protocol member asking (memberId null and epoch -1 if not). */
    private record GroupFetch(String groupId, List<TopicFetch> topics, boolean requireStable, String memberId,
                              int memberEpoch) {
    }

    private record TopicFetch(String name, UUID id, List<Integer> partitions) {
    }

    private Message offsetFetch(RequestContext context, Message request) {
        short v = context.apiVersion();
        Predicate<String> mayDescribeGroup = group -> access.allowedOnGroup(context, AclOperation.DESCRIBE, group);
        Predicate<String> mayDescribeTopic = topic -> access.allowedOnTopic(context, AclOperation.DESCRIBE, topic);
        Message response = OffsetFetchResponse.SCHEMA.newMessage().set(OffsetFetchResponse.THROTTLE_TIME_MS, 0);
        if (v < 8) {
            List<Message> requested = request.get(OffsetFetchRequest.TOPICS);
            List<TopicFetch> topicFetches = null;
            if (requested != null) {
                topicFetches = new ArrayList<>();
                for (Message t : requested) {
                    topicFetches.add(new TopicFetch(t.get(OffsetFetchRequest.OffsetFetchRequestTopic.NAME), null,
                            t.get(OffsetFetchRequest.OffsetFetchRequestTopic.PARTITION_INDEXES)));
                }
            }
            GroupFetch fetch = new GroupFetch(request.get(OffsetFetchRequest.GROUP_ID), topicFetches,
                    v >= 7 && request.get(OffsetFetchRequest.REQUIRE_STABLE), null, -1);
            boolean groupAuthorized = mayDescribeGroup.test(fetch.groupId());
            FetchedGroup fetched = coordinator.serving(() -> fetch(fetch, groupAuthorized, mayDescribeTopic));
            List<Message> topicsOut = new ArrayList<>();
            for (FetchedTopic t : fetched.topics()) {
                List<Message> partitions = new ArrayList<>();
                for (FetchedPartition p : t.partitions()) {
                    // v0-1 have no group-level error: a group error is reported on every partition.
                    ErrorCode error = v < 2 && fetched.error() != ErrorCode.NONE ? fetched.error() : p.error();
                    Message partition = Message.of(OffsetFetchResponse.OffsetFetchResponsePartition.SCHEMA)
                            .set(OffsetFetchResponse.OffsetFetchResponsePartition.PARTITION_INDEX, p.partition())
                            .set(OffsetFetchResponse.OffsetFetchResponsePartition.COMMITTED_OFFSET, p.offset())
                            .set(OffsetFetchResponse.OffsetFetchResponsePartition.METADATA, p.metadata())
                            .set(OffsetFetchResponse.OffsetFetchResponsePartition.ERROR_CODE, error.code());
                    if (v >= 5) {
                        partition.set(OffsetFetchResponse.OffsetFetchResponsePartition.COMMITTED_LEADER_EPOCH,
                                p.leaderEpoch());
                    }
                    partitions.add(partition);
                }
                topicsOut.add(Message.of(OffsetFetchResponse.OffsetFetchResponseTopic.SCHEMA)
                        .set(OffsetFetchResponse.OffsetFetchResponseTopic.NAME, t.name())
                        .set(OffsetFetchResponse.OffsetFetchResponseTopic.PARTITIONS, partitions));
            }
            response.set(OffsetFetchResponse.TOPICS, topicsOut);
            if (v >= 2) {
                response.set(OffsetFetchResponse.ERROR_CODE, fetched.error().code());
            }
        } else {
            boolean byId = v >= TOPIC_ID_VERSION;
            List<GroupFetch> fetches = new ArrayList<>();
            for (Message g : request.get(OffsetFetchRequest.GROUPS)) {
                List<Message> requested = g.get(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS);
                List<TopicFetch> topicFetches = null;
                if (requested != null) {
                    topicFetches = new ArrayList<>();
                    for (Message t : requested) {
                        UUID id = byId ? t.get(OffsetFetchRequest.OffsetFetchRequestTopics.TOPIC_ID) : null;
                        String name = byId ? topics.topicName(id).orElse(null)
                                : t.get(OffsetFetchRequest.OffsetFetchRequestTopics.NAME);
                        topicFetches.add(new TopicFetch(name, id,
                                t.get(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES)));
                    }
                }
                fetches.add(new GroupFetch(g.get(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID), topicFetches,
                        request.get(OffsetFetchRequest.REQUIRE_STABLE),
                        v >= 9 ? g.get(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_ID) : null,
                        v >= 9 ? g.get(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_EPOCH) : -1));
            }
            List<Boolean> authorized = fetches.stream().map(f -> mayDescribeGroup.test(f.groupId())).toList();
            List<FetchedGroup> fetched = coordinator.serving(() -> {
                List<FetchedGroup> out = new ArrayList<>();
                for (int i = 0; i < fetches.size(); i++) {
                    out.add(fetch(fetches.get(i), authorized.get(i), mayDescribeTopic));
                }
                return out;
            });
            List<Message> groupsOut = new ArrayList<>();
            for (FetchedGroup group : fetched) {
                List<Message> topicsOut = new ArrayList<>();
                for (FetchedTopic t : group.topics()) {
                    UUID id = t.id();
                    if (byId && id == null) {
                        Optional<UUID> known = topics.topicId(t.name());
                        if (known.isEmpty()) {
                            continue; // offsets of a topic that no longer exists cannot be named by id
                        }
                        id = known.get();
                    }
                    List<Message> partitions = new ArrayList<>();
                    for (FetchedPartition p : t.partitions()) {
                        partitions.add(Message.of(OffsetFetchResponse.OffsetFetchResponsePartitions.SCHEMA)
                                .set(OffsetFetchResponse.OffsetFetchResponsePartitions.PARTITION_INDEX, p.partition())
                                .set(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_OFFSET, p.offset())
                                .set(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH,
                                        p.leaderEpoch())
                                .set(OffsetFetchResponse.OffsetFetchResponsePartitions.METADATA, p.metadata())
                                .set(OffsetFetchResponse.OffsetFetchResponsePartitions.ERROR_CODE, p.error().code()));
                    }
                    Message topic = Message.of(OffsetFetchResponse.OffsetFetchResponseTopics.SCHEMA)
                            .set(OffsetFetchResponse.OffsetFetchResponseTopics.PARTITIONS, partitions);
                    if (byId) {
                        topic.set(OffsetFetchResponse.OffsetFetchResponseTopics.TOPIC_ID, id);
                    } else {
                        topic.set(OffsetFetchResponse.OffsetFetchResponseTopics.NAME, t.name());
                    }
                    topicsOut.add(topic);
                }
                groupsOut.add(Message.of(OffsetFetchResponse.OffsetFetchResponseGroup.SCHEMA)
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.GROUP_ID, group.groupId())
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.TOPICS, topicsOut)
                        .set(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE, group.error().code()));
            }
            response.set(OffsetFetchResponse.GROUPS, groupsOut);
        }
        return response;
    }

    private record FetchedGroup(String groupId, ErrorCode error, List<FetchedTopic> topics) {
    }

    private record FetchedTopic(String name, UUID id, List<FetchedPartition> partitions) {
    }

    private record FetchedPartition(int partition, long offset, int leaderEpoch, String metadata, ErrorCode error) {
    }

    /** Under the lock: the offsets a group fetch asks for, -1 where none is committed. */
    private FetchedGroup fetch(GroupFetch f, boolean groupAuthorized, Predicate<String> mayDescribeTopic) {
        boolean invalidGroup = f.groupId() == null || f.groupId().isEmpty();
        if (invalidGroup || !groupAuthorized) {
            List<FetchedTopic> requested = new ArrayList<>();
            if (f.topics() != null) {
                for (TopicFetch t : f.topics()) {
                    List<FetchedPartition> partitions = new ArrayList<>();
                    for (int p : t.partitions()) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.NONE));
                    }
                    requested.add(new FetchedTopic(t.name(), t.id(), partitions));
                }
            }
            return new FetchedGroup(f.groupId(), invalidGroup ? ErrorCode.INVALID_GROUP_ID
                    : ErrorCode.GROUP_AUTHORIZATION_FAILED, requested);
        }
        ConsumerGroup consumerGroup = coordinator.consumerGroups().group(f.groupId());
        if (consumerGroup != null) {
            ErrorCode memberError = coordinator.consumerGroups().validateOffsetFetch(consumerGroup, f.memberId(),
                    f.memberEpoch());
            if (memberError != ErrorCode.NONE) {
                return new FetchedGroup(f.groupId(), memberError, List.of());
            }
        }
        OffsetsAndMembershipStore store = coordinator.offsets();
        List<FetchedTopic> out = new ArrayList<>();
        if (f.topics() == null) {
            SortedMap<PartitionKey, CommittedOffset> all = store.offsets(f.groupId());
            String currentTopic = null;
            List<FetchedPartition> partitions = null;
            for (Map.Entry<PartitionKey, CommittedOffset> e : all.entrySet()) {
                if (!mayDescribeTopic.test(e.getKey().topic())) {
                    continue;
                }
                if (!e.getKey().topic().equals(currentTopic)) {
                    currentTopic = e.getKey().topic();
                    partitions = new ArrayList<>();
                    out.add(new FetchedTopic(currentTopic, null, partitions));
                }
                CommittedOffset c = e.getValue();
                if (f.requireStable() && coordinator.pendingTransactionalOffsets().isPending(f.groupId(),
                        currentTopic, e.getKey().partition())) {
                    partitions.add(new FetchedPartition(e.getKey().partition(), -1L, -1, "",
                            ErrorCode.UNSTABLE_OFFSET_COMMIT));
                    continue;
                }
                partitions.add(new FetchedPartition(e.getKey().partition(), c.offset(), c.leaderEpoch(), c.metadata(),
                        ErrorCode.NONE));
            }
        } else {
            for (TopicFetch t : f.topics()) {
                List<FetchedPartition> partitions = new ArrayList<>();
                boolean topicAuthorized = t.name() == null || mayDescribeTopic.test(t.name());
                for (int p : t.partitions()) {
                    CommittedOffset c = t.name() == null || !topicAuthorized ? null : store.offset(f.groupId(), t.name(), p);
                    if (t.name() == null) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.UNKNOWN_TOPIC_ID));
                    } else if (!topicAuthorized) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.TOPIC_AUTHORIZATION_FAILED));
                    } else if (f.requireStable()
                            && coordinator.pendingTransactionalOffsets().isPending(f.groupId(), t.name(), p)) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.UNSTABLE_OFFSET_COMMIT));
                    } else if (c == null) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.NONE));
                    } else {
                        partitions.add(new FetchedPartition(p, c.offset(), c.leaderEpoch(), c.metadata(), ErrorCode.NONE));
                    }
                }
                out.add(new FetchedTopic(t.name(), t.id(), partitions));
            }
        }
        return new FetchedGroup(f.groupId(), ErrorCode.NONE, out);
    }
}
