package io.petrel.consumer.internal;

import io.petrel.client.internal.CoordinatorLink;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.ClientException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.consumer.CommitFailedException;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Commits offsets (OffsetCommit) and reads committed ones (OffsetFetch) at the group coordinator.
 *
 * <p>How it works: one request per call, built for whatever version the coordinator speaks (topic ids
 * from v10, the batched group form of OffsetFetch from v8). A commit carries the member's generation and
 * id when it belongs to the group (-1 and "" for a consumer with manual assignment). Coordinator errors
 * forget the coordinator and fail retriably, so commitSync tries again until its deadline; generation
 * errors (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID) fail with
 * {@link CommitFailedException} and tell the membership to rejoin. For a consumer-protocol member (KIP-848) the
 * generation is the member epoch (OffsetCommit v9+ checks it): STALE_MEMBER_EPOCH fails retriably so commitSync
 * tries again with the newest epoch, as kafka-clients does, and fencing errors fail the commit without a rejoin
 * (the heartbeat handles fencing). Futures complete on the network thread, as soon as the broker answers.
 */
final class OffsetCommitter {
    private final CoordinatorLink link;
    private final ClientNetwork network;
    private final String groupId;
    private final Duration requestTimeout;

    /**
     * The member a commit speaks for: its generation (classic) or member epoch (consumer protocol) and id.
     *
     * @param consumerProtocol whether the member speaks the consumer protocol: OffsetFetch then names it too, and
     *                         its errors are the epoch's (STALE_MEMBER_EPOCH retried with the newest epoch)
     */
    record Member(int generationId, String memberId, String groupInstanceId, boolean consumerProtocol) {
        static final Member NONE = new Member(-1, "", null, false);
    }

    /**
     * A commit made with an epoch older than the member's current one (consumer protocol): retriable, since the
     * next attempt carries the newest epoch, as kafka-clients retries it.
     */
    static final class StaleMemberEpoch extends ClientException {
        private static final long serialVersionUID = 1L;

        StaleMemberEpoch(int epoch) {
            super("OffsetCommit failed with stale member epoch " + epoch + ": " + ErrorCode.STALE_MEMBER_EPOCH.message());
        }

        @Override
        public boolean isRetriable() {
            return true;
        }
    }

    OffsetCommitter(CoordinatorLink link, ClientNetwork network, String groupId, Duration requestTimeout) {
        this.link = link;
        this.network = network;
        this.groupId = groupId;
        this.requestTimeout = requestTimeout;
    }

    /** Commits; {@code onGenerationError} runs when the coordinator says the member must rejoin. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> commit(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                                     Member member, Consumer<ErrorCode> onGenerationError) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        if (copy.isEmpty()) {
            return CompletableFuture.completedFuture(copy);
        }
        Map<UUID, String> names = new HashMap<>();
        return link.send(ApiKey.OFFSET_COMMIT, v -> commitRequest(v, copy, member, names), requestTimeout)
                .thenApply(response -> {
                    ErrorCode error = firstError(response, names);
                    if (error == ErrorCode.NONE) {
                        return copy;
                    }
                    throw commitError(error, member, onGenerationError, copy.keySet());
                });
    }

    private RuntimeException commitError(ErrorCode error, Member member, Consumer<ErrorCode> onGenerationError,
                                         Set<TopicPartition> partitions) {
        if (CoordinatorLink.isCoordinatorError(error)) {
            link.markUnknown(error.name());
        }
        if (member.consumerProtocol()) {
            switch (error) {
                case STALE_MEMBER_EPOCH -> {
                    return new StaleMemberEpoch(member.generationId());
                }
                case UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH -> {
                    // The heartbeat hears the same and handles the fencing; the commit just fails.
                    return new CommitFailedException("OffsetCommit failed with " + error + " for member "
                            + member.memberId() + " at epoch " + member.generationId() + ": " + error.message()
                            + ". The member rejoins; reprocess the uncommitted records");
                }
                default -> {
                }
            }
        }
        switch (error) {
            case REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID -> {
                onGenerationError.accept(error);
                return new CommitFailedException("Commit cannot be completed since the group has already rebalanced"
                        + " and assigned the partitions to another member (" + error + " for generation "
                        + member.generationId() + "). Poll again to rejoin, and reprocess the uncommitted records; "
                        + "if this happens often, poll more often or raise max.poll.interval.ms");
            }
            case TOPIC_AUTHORIZATION_FAILED -> {
                Set<String> topics = new java.util.TreeSet<>();
                partitions.forEach(tp -> topics.add(tp.topic()));
                return new TopicAuthorizationException(topics, "OffsetCommit for group " + groupId);
            }
            default -> {
                return BrokerErrorException.forResource(error, groupId, "OffsetCommit for group " + groupId + " failed: "
                        + error.message());
            }
        }
    }

    private Message commitRequest(short version, Map<TopicPartition, OffsetAndMetadata> offsets, Member member,
                                  Map<UUID, String> names) {
        boolean byId = version >= 10;
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(Message.of(OffsetCommitRequest.OffsetCommitRequestPartition.SCHEMA)
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.PARTITION_INDEX, tp.partition())
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_OFFSET, om.offset())
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH,
                                om.leaderEpoch().orElse(-1))
                        .set(OffsetCommitRequest.OffsetCommitRequestPartition.COMMITTED_METADATA, om.metadata())));
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> {
            Message m = Message.of(OffsetCommitRequest.OffsetCommitRequestTopic.SCHEMA)
                    .set(OffsetCommitRequest.OffsetCommitRequestTopic.PARTITIONS, partitions);
            if (byId) {
                UUID id = topicId(topic);
                names.put(id, topic);
                m.set(OffsetCommitRequest.OffsetCommitRequestTopic.TOPIC_ID, id);
            } else {
                m.set(OffsetCommitRequest.OffsetCommitRequestTopic.NAME, topic);
            }
            topics.add(m);
        });
        return OffsetCommitRequest.SCHEMA.newMessage()
                .set(OffsetCommitRequest.GROUP_ID, groupId)
                .set(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH, member.generationId())
                .set(OffsetCommitRequest.MEMBER_ID, member.memberId())
                .set(OffsetCommitRequest.GROUP_INSTANCE_ID, member.groupInstanceId())
                .set(OffsetCommitRequest.TOPICS, topics);
    }

    private UUID topicId(String topic) {
        return network.metadata().topicId(topic).orElseThrow(() -> {
            network.metadata().awaitTopic(topic);
            return new ClientException("The id of topic " + topic + " is not known yet; retrying");
        });
    }

    private static ErrorCode firstError(ClientNetwork.Response response, Map<UUID, String> names) {
        for (Message t : response.body().get(OffsetCommitResponse.TOPICS)) {
            for (Message p : t.get(OffsetCommitResponse.OffsetCommitResponseTopic.PARTITIONS)) {
                ErrorCode e = ErrorCode.forCode(p.get(OffsetCommitResponse.OffsetCommitResponsePartition.ERROR_CODE));
                if (e != ErrorCode.NONE) {
                    return e;
                }
            }
        }
        return ErrorCode.NONE;
    }

    /** The committed offsets of these partitions; partitions with none are absent. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Set<TopicPartition> partitions) {
        return fetch(partitions, Member.NONE);
    }

    /**
     * As {@link #fetch(Set)}, for a member of a consumer-protocol group, whose id and epoch OffsetFetch v9+
     * carries as kafka-clients sends them (require_stable then waits only for this member's pending commits).
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Set<TopicPartition> partitions, Member member) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<UUID, String> names = new HashMap<>();
        return link.send(ApiKey.OFFSET_FETCH, v -> fetchRequest(v, partitions, names, member), requestTimeout)
                .thenApply(response -> parseFetch(response, names));
    }

    private Message fetchRequest(short version, Set<TopicPartition> partitions, Map<UUID, String> names,
                                 Member member) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        Message request = OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.REQUIRE_STABLE, true);
        List<Message> topics = new ArrayList<>();
        if (version < 8) {
            byTopic.forEach((t, ps) -> topics.add(Message.of(OffsetFetchRequest.OffsetFetchRequestTopic.SCHEMA)
                    .set(OffsetFetchRequest.OffsetFetchRequestTopic.NAME, t)
                    .set(OffsetFetchRequest.OffsetFetchRequestTopic.PARTITION_INDEXES, ps)));
            return request.set(OffsetFetchRequest.GROUP_ID, groupId).set(OffsetFetchRequest.TOPICS, topics);
        }
        byTopic.forEach((t, ps) -> {
            Message m = Message.of(OffsetFetchRequest.OffsetFetchRequestTopics.SCHEMA)
                    .set(OffsetFetchRequest.OffsetFetchRequestTopics.PARTITION_INDEXES, ps);
            if (version >= 10) {
                UUID id = topicId(t);
                names.put(id, t);
                m.set(OffsetFetchRequest.OffsetFetchRequestTopics.TOPIC_ID, id);
            } else {
                m.set(OffsetFetchRequest.OffsetFetchRequestTopics.NAME, t);
            }
            topics.add(m);
        });
        Message group = Message.of(OffsetFetchRequest.OffsetFetchRequestGroup.SCHEMA)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.GROUP_ID, groupId)
                .set(OffsetFetchRequest.OffsetFetchRequestGroup.TOPICS, topics);
        if (version >= 9 && member.consumerProtocol()) {
            group.set(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_ID, member.memberId())
                    .set(OffsetFetchRequest.OffsetFetchRequestGroup.MEMBER_EPOCH, member.generationId());
        }
        return request.set(OffsetFetchRequest.GROUPS, List.of(group));
    }

    private Map<TopicPartition, OffsetAndMetadata> parseFetch(ClientNetwork.Response response, Map<UUID, String> names) {
        Message body = response.body();
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        if (response.version() < 8) {
            check(ErrorCode.forCode(body.get(OffsetFetchResponse.ERROR_CODE)));
            for (Message t : body.get(OffsetFetchResponse.TOPICS)) {
                String name = t.get(OffsetFetchResponse.OffsetFetchResponseTopic.NAME);
                for (Message p : t.get(OffsetFetchResponse.OffsetFetchResponseTopic.PARTITIONS)) {
                    check(ErrorCode.forCode(p.get(OffsetFetchResponse.OffsetFetchResponsePartition.ERROR_CODE)));
                    put(out, new TopicPartition(name, p.get(OffsetFetchResponse.OffsetFetchResponsePartition.PARTITION_INDEX)),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartition.COMMITTED_OFFSET),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartition.COMMITTED_LEADER_EPOCH),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartition.METADATA));
                }
            }
            return out;
        }
        for (Message g : body.get(OffsetFetchResponse.GROUPS)) {
            check(ErrorCode.forCode(g.get(OffsetFetchResponse.OffsetFetchResponseGroup.ERROR_CODE)));
            for (Message t : g.get(OffsetFetchResponse.OffsetFetchResponseGroup.TOPICS)) {
                String name = response.version() >= 10
                        ? names.get(t.get(OffsetFetchResponse.OffsetFetchResponseTopics.TOPIC_ID))
                        : t.get(OffsetFetchResponse.OffsetFetchResponseTopics.NAME);
                for (Message p : t.get(OffsetFetchResponse.OffsetFetchResponseTopics.PARTITIONS)) {
                    check(ErrorCode.forCode(p.get(OffsetFetchResponse.OffsetFetchResponsePartitions.ERROR_CODE)));
                    put(out, new TopicPartition(name, p.get(OffsetFetchResponse.OffsetFetchResponsePartitions.PARTITION_INDEX)),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_OFFSET),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartitions.COMMITTED_LEADER_EPOCH),
                            p.get(OffsetFetchResponse.OffsetFetchResponsePartitions.METADATA));
                }
            }
        }
        return out;
    }

    private static void put(Map<TopicPartition, OffsetAndMetadata> out, TopicPartition tp, long offset, int epoch,
                            String metadata) {
        if (offset >= 0) {
            out.put(tp, new OffsetAndMetadata(offset, epoch >= 0 ? Optional.of(epoch) : Optional.empty(), metadata));
        }
    }

    private void check(ErrorCode error) {
        if (error == ErrorCode.NONE) {
            return;
        }
        if (CoordinatorLink.isCoordinatorError(error)) {
            link.markUnknown(error.name());
        }
        throw BrokerErrorException.forResource(error, groupId, "OffsetFetch for group " + groupId + " failed: "
                + error.message());
    }
}
