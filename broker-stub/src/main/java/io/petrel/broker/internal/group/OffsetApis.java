package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit and OffsetFetch on the wire. A commit is checked as Kafka checks it (group id, topic and
 * partition existence when a {@link TopicCatalog} is known, the member and generation, metadata size),
 * then its accepted partitions are journaled as one entry before the response is built; a fetch reads
 * the store, answering -1 for partitions without a committed offset.
 */
final class OffsetApis {
    private static final Logger log = LoggerFactory.getLogger(OffsetApis.class);

    /** Kafka's {@code offset.metadata.max.bytes}. */
    static final int MAX_METADATA_LENGTH = 4096;
    /** The first versions that name topics by id. */
    private static final short COMMIT_TOPIC_ID_VERSION = 10;
    private static final short FETCH_TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final TopicCatalog topics;

    OffsetApis(GroupCoordinator coordinator, TopicCatalog topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    List<RequestHandler> handlers() {
        Versions commit = ApiKey.OFFSET_COMMIT.versions();
        Versions fetch = ApiKey.OFFSET_FETCH.versions();
        if (topics == null) {
            // Without topic ids the versions that only name topics by id cannot be answered.
            commit = commit.intersect(new Versions(commit.lowest(), (short) (COMMIT_TOPIC_ID_VERSION - 1)));
            fetch = fetch.intersect(new Versions(fetch.lowest(), (short) (FETCH_TOPIC_ID_VERSION - 1)));
        }
        return List.of(new ApiHandler(ApiKey.OFFSET_COMMIT, commit, this::offsetCommit),
                new ApiHandler(ApiKey.OFFSET_FETCH, fetch, this::offsetFetch));
    }

    // ------------------------------------------------------------ OffsetCommit

    /** One partition of a commit, with the topic's name resolved (null when its id is unknown). */
    private record PartitionCommit(int topicIndex, int partition, long offset, int leaderEpoch, String metadata) {
    }

    private CompletableFuture<Response> offsetCommit(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
        boolean byId = v >= COMMIT_TOPIC_ID_VERSION;
        String groupId = request.get(OffsetCommitRequest.GROUP_ID);
        int generation = request.get(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH);
        String memberId = request.get(OffsetCommitRequest.MEMBER_ID);
        String instanceId = request.get(OffsetCommitRequest.GROUP_INSTANCE_ID);
        List<Message> requestTopics = request.get(OffsetCommitRequest.TOPICS);

        // Topic names (resolved from ids at v10+) and each partition's error, NONE while still acceptable.
        List<String> names = new ArrayList<>(requestTopics.size());
        List<List<ErrorCode>> errors = new ArrayList<>(requestTopics.size());
        List<PartitionCommit> candidates = new ArrayList<>();
        for (int t = 0; t < requestTopics.size(); t++) {
            Message topic = requestTopics.get(t);
            String name = byId ? topics.topicName(topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID))
                    .orElse(null) : topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME);
            names.add(name);
            List<ErrorCode> topicErrors = new ArrayList<>();
            for (Message p : topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS)) {
                int partition = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX);
                ErrorCode error = ErrorCode.NONE;
                if (name == null) {
                    error = ErrorCode.UNKNOWN_TOPIC_ID;
                } else if (topics != null && !topics.hasPartition(name, partition)) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                }
                topicErrors.add(error);
                if (error == ErrorCode.NONE) {
                    String metadata = p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA);
                    candidates.add(new PartitionCommit(t, partition,
                            p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET),
                            p.get(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH),
                            metadata == null ? "" : metadata));
                }
            }
            errors.add(topicErrors);
        }

        Map<PartitionCommit, ErrorCode> outcome = coordinator.serving(() -> commit(groupId, generation, memberId,
                instanceId, v, names, candidates));

        List<Message> responseTopics = new ArrayList<>(requestTopics.size());
        int c = 0;
        for (int t = 0; t < requestTopics.size(); t++) {
            Message topic = requestTopics.get(t);
            List<Message> partitions = new ArrayList<>();
            List<Message> requestPartitions = topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS);
            for (int i = 0; i < requestPartitions.size(); i++) {
                ErrorCode error = errors.get(t).get(i);
                if (error == ErrorCode.NONE) {
                    error = outcome.get(candidates.get(c++));
                }
                partitions.add(Message.of(OffsetCommitResponse.OffsetCommitResponsePartition.SCHEMA)
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.PARTITION_INDEX,
                                requestPartitions.get(i).get(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX))
                        .set(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE, error.code()));
            }
            Message responseTopic = Message.of(OffsetCommitResponse.OffsetCommitResponseTopic.SCHEMA)
                    .set(OffsetCommitResponse.OffsetCommitResponseTopic.PARTITIONS, partitions);
            if (byId) {
                responseTopic.set(OffsetCommitResponse.OffsetCommitResponseTopic.TOPIC_ID,
                        topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID));
            } else {
                responseTopic.set(OffsetCommitResponse.OffsetCommitResponseTopic.NAME,
                        topic.get(OffsetCommitRequest.OffsetCommitRequestTopic.NAME));
            }
            responseTopics.add(responseTopic);
        }
        return CompletableFuture.completedFuture(Response.of(OffsetCommitResponse.SCHEMA.newMessage()
                .set(OffsetCommitResponse.THROTTLE_TIME_MS, 0)
                .set(OffsetCommitResponse.TOPICS, responseTopics)));
    }

    /** Under the lock: validates the group and stores the acceptable partitions in one journal entry. */
    private Map<PartitionCommit, ErrorCode> commit(String groupId, int generation, String memberId, String instanceId,
                                                   short version, List<String> names, List<PartitionCommit> candidates) {
        Map<PartitionCommit, ErrorCode> outcome = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return outcome;
        }
        ErrorCode groupError = groupId == null || groupId.isEmpty() ? ErrorCode.INVALID_GROUP_ID
                : coordinator.groups().validateOffsetCommit(groupId, generation, memberId, instanceId, version);
        long now = coordinator.clock().millis();
        Map<PartitionKey, CommittedOffset> accepted = new LinkedHashMap<>();
        for (PartitionCommit p : candidates) {
            ErrorCode error = groupError;
            if (error == ErrorCode.NONE && p.metadata().length() > MAX_METADATA_LENGTH) {
                error = ErrorCode.OFFSET_METADATA_TOO_LARGE;
            }
            if (error == ErrorCode.NONE) {
                accepted.put(new PartitionKey(names.get(p.topicIndex()), p.partition()),
                        new CommittedOffset(p.offset(), p.leaderEpoch(), p.metadata(), now));
            }
            outcome.put(p, error);
        }
        if (!accepted.isEmpty()) {
            try {
                coordinator.offsets().commit(groupId, accepted);
            } catch (IOException e) {
                log.error("Could not store offsets committed by group {}", groupId, e);
                outcome.replaceAll((p, error) -> error == ErrorCode.NONE ? ErrorCode.UNKNOWN_SERVER_ERROR : error);
            }
        }
        return outcome;
    }

    // ------------------------------------------------------------ OffsetFetch

    /** A group's part of a fetch: the topics asked for (null: all), by name or by id. */
    private record GroupFetch(String groupId, List<TopicFetch> topics) {
    }

    private record TopicFetch(String name, UUID id, List<Integer> partitions) {
    }

    private CompletableFuture<Response> offsetFetch(RequestContext ctx, Message request) {
        short v = ctx.apiVersion();
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
            GroupFetch fetch = new GroupFetch(request.get(OffsetFetchRequest.GROUP_ID), topicFetches);
            FetchedGroup fetched = coordinator.serving(() -> fetch(fetch));
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
            boolean byId = v >= FETCH_TOPIC_ID_VERSION;
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
                fetches.add(new GroupFetch(g.get(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID), topicFetches));
            }
            List<FetchedGroup> fetched = coordinator.serving(() -> {
                List<FetchedGroup> out = new ArrayList<>();
                for (GroupFetch f : fetches) {
                    out.add(fetch(f));
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
        return CompletableFuture.completedFuture(Response.of(response));
    }

    private record FetchedGroup(String groupId, ErrorCode error, List<FetchedTopic> topics) {
    }

    private record FetchedTopic(String name, UUID id, List<FetchedPartition> partitions) {
    }

    private record FetchedPartition(int partition, long offset, int leaderEpoch, String metadata, ErrorCode error) {
    }

    /** Under the lock: the offsets a group fetch asks for, -1 where none is committed. */
    private FetchedGroup fetch(GroupFetch f) {
        if (f.groupId() == null || f.groupId().isEmpty()) {
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
            return new FetchedGroup(f.groupId(), ErrorCode.INVALID_GROUP_ID, requested);
        }
        OffsetStore store = coordinator.offsets();
        List<FetchedTopic> out = new ArrayList<>();
        if (f.topics() == null) {
            SortedMap<PartitionKey, CommittedOffset> all = store.offsets(f.groupId());
            String currentTopic = null;
            List<FetchedPartition> partitions = null;
            for (Map.Entry<PartitionKey, CommittedOffset> e : all.entrySet()) {
                if (!e.getKey().topic().equals(currentTopic)) {
                    currentTopic = e.getKey().topic();
                    partitions = new ArrayList<>();
                    out.add(new FetchedTopic(currentTopic, null, partitions));
                }
                CommittedOffset c = e.getValue();
                partitions.add(new FetchedPartition(e.getKey().partition(), c.offset(), c.leaderEpoch(), c.metadata(),
                        ErrorCode.NONE));
            }
        } else {
            for (TopicFetch t : f.topics()) {
                List<FetchedPartition> partitions = new ArrayList<>();
                for (int p : t.partitions()) {
                    CommittedOffset c = t.name() == null ? null : store.offset(f.groupId(), t.name(), p);
                    if (t.name() == null) {
                        partitions.add(new FetchedPartition(p, -1L, -1, "", ErrorCode.UNKNOWN_TOPIC_ID));
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
