package io.petrel.consumer.internal;

import io.petrel.client.internal.CoordinatorLink;
import io.petrel.client.ClientException;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.PartitionAssignor.Assignment;
import io.petrel.consumer.PartitionAssignor.Subscription;
import io.petrel.consumer.internal.assignor.ConsumerProtocolCodec;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.JoinGroupResponse;
import io.petrel.protocol.schemas.SyncGroupRequest;
import io.petrel.protocol.schemas.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One JoinGroup/SyncGroup round of the classic protocol, as a chain of futures on the network thread.
 *
 * <p>How it works: JoinGroup (protocol type "consumer", one protocol per assignor, each carrying that
 * assignor's subscription bytes with the owned partitions and generation, which cooperative-sticky
 * needs), MEMBER_ID_REQUIRED answered by joining again at once with the id the coordinator gave; then,
 * if this member was elected leader, the assignor the coordinator chose runs over every member's
 * subscription with partition counts from the metadata; then SyncGroup, whose assignment completes the
 * round. Broker errors fail the round with a {@link Failure} carrying the code, for
 * {@link GroupMembership} to act on.
 */
final class RebalanceRound {
    private static final Logger log = LoggerFactory.getLogger(RebalanceRound.class);
    private static final String PROTOCOL_TYPE = "consumer";

    /** Where the round reads and records the member id (shared with the heartbeat thread). */
    interface MemberIds {
        String get();

        void set(String memberId);
    }

    /** What a completed round gave this member. */
    record Outcome(int generationId, String memberId, String protocolName, Assignment assignment) {
    }

    /** A round failed with a broker error the poll loop handles. */
    static final class Failure extends RuntimeException {
        final ErrorCode error;

        Failure(ErrorCode error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }

    private final ConsumerSettings settings;
    private final ClientNetwork network;
    private final CoordinatorLink link;
    private final List<PartitionAssignor> assignors;
    private final MemberIds memberIds;

    RebalanceRound(ConsumerSettings settings, ClientNetwork network, CoordinatorLink link,
                   List<PartitionAssignor> assignors, MemberIds memberIds) {
        this.settings = settings;
        this.network = network;
        this.link = link;
        this.assignors = assignors;
        this.memberIds = memberIds;
    }

    static Optional<PartitionAssignor> assignorNamed(List<PartitionAssignor> assignors, String name) {
        return assignors.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    CompletableFuture<Outcome> start(List<String> topics, List<TopicPartition> owned, int generation) {
        List<Message> protocols = new ArrayList<>();
        for (PartitionAssignor a : assignors) {
            Subscription s = new Subscription(topics, a.subscriptionUserData(Set.copyOf(topics)), owned,
                    generation >= 0 ? Optional.of(generation) : Optional.empty(),
                    settings.clientRack().isEmpty() ? Optional.empty() : Optional.of(settings.clientRack()));
            protocols.add(Message.of(JoinGroupRequest.JoinGroupRequestProtocol.SCHEMA)
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.NAME, a.name())
                    .set(JoinGroupRequest.JoinGroupRequestProtocol.METADATA, bytes(ConsumerProtocolCodec.encodeSubscription(s))));
        }
        return sendJoin(protocols);
    }

    private CompletableFuture<Outcome> sendJoin(List<Message> protocols) {
        String currentMember = memberIds.get();
        Duration timeout = Duration.ofMillis(Math.max(settings.requestTimeoutMs(), settings.maxPollIntervalMs() + 5_000L));
        return link.send(ApiKey.JOIN_GROUP, v -> JoinGroupRequest.SCHEMA.newMessage()
                        .set(JoinGroupRequest.GROUP_ID, settings.groupId())
                        .set(JoinGroupRequest.SESSION_TIMEOUT_MS, settings.sessionTimeoutMs())
                        .set(JoinGroupRequest.REBALANCE_TIMEOUT_MS, settings.maxPollIntervalMs())
                        .set(JoinGroupRequest.MEMBER_ID, currentMember)
                        .set(JoinGroupRequest.GROUP_INSTANCE_ID, settings.groupInstanceId())
                        .set(JoinGroupRequest.PROTOCOL_TYPE, PROTOCOL_TYPE)
                        .set(JoinGroupRequest.PROTOCOLS, protocols), timeout)
                .thenCompose(response -> onJoinResponse(response, protocols));
    }

    private CompletableFuture<Outcome> onJoinResponse(ClientNetwork.Response response, List<Message> protocols) {
        Message body = response.body();
        ErrorCode error = ErrorCode.forCode(body.get(JoinGroupResponse.ERROR_CODE));
        if (error == ErrorCode.MEMBER_ID_REQUIRED) {
            memberIds.set(body.get(JoinGroupResponse.MEMBER_ID));
            return sendJoin(protocols);
        }
        if (error != ErrorCode.NONE) {
            if (error == ErrorCode.UNKNOWN_MEMBER_ID) {
                memberIds.set("");
            }
            throw new Failure(error, "JoinGroup failed with " + error + ": " + error.message());
        }
        int generation = body.get(JoinGroupResponse.GENERATION_ID);
        String member = body.get(JoinGroupResponse.MEMBER_ID);
        String protocolName = body.get(JoinGroupResponse.PROTOCOL_NAME);
        memberIds.set(member);
        boolean leader = member.equals(body.get(JoinGroupResponse.LEADER));
        CompletableFuture<Map<String, Assignment>> assignments = leader && !body.get(JoinGroupResponse.SKIP_ASSIGNMENT)
                ? assign(protocolName, body.get(JoinGroupResponse.MEMBERS))
                : CompletableFuture.completedFuture(Map.of());
        return assignments.thenCompose(a -> sync(generation, member, protocolName, a));
    }

    private CompletableFuture<Map<String, Assignment>> assign(String protocolName, List<Message> members) {
        PartitionAssignor assignor = assignorNamed(assignors, protocolName).orElseThrow(() -> new ClientException(
                "The coordinator chose assignor " + protocolName + ", which this consumer did not offer"));
        Map<String, Subscription> subscriptionsByMember = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (Message m : members) {
            Subscription s = ConsumerProtocolCodec.decodeSubscription(
                    ByteBuffer.wrap(m.get(JoinGroupResponse.JoinGroupResponseMember.METADATA)));
            subscriptionsByMember.put(m.get(JoinGroupResponse.JoinGroupResponseMember.MEMBER_ID), s);
            allTopics.addAll(s.topics());
        }
        Map<String, CompletableFuture<List<PartitionInfo>>> lookups = new HashMap<>();
        for (String t : allTopics) {
            lookups.put(t, network.metadata().awaitTopic(t).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Integer> counts = new HashMap<>();
            lookups.forEach((t, f) -> {
                List<PartitionInfo> p = f.join();
                if (p != null && !p.isEmpty()) {
                    counts.put(t, p.size());
                }
            });
            log.debug("Group {}: leader assigning {} over {}", settings.groupId(), counts, subscriptionsByMember.keySet());
            return assignor.assign(counts, subscriptionsByMember).assignments();
        });
    }

    private CompletableFuture<Outcome> sync(int generation, String member, String protocolName,
                                                Map<String, Assignment> assignments) {
        List<Message> encoded = new ArrayList<>();
        assignments.forEach((m, a) -> encoded.add(Message.of(SyncGroupRequest.SyncGroupRequestAssignment.SCHEMA)
                .set(SyncGroupRequest.SyncGroupRequestAssignment.MEMBER_ID, m)
                .set(SyncGroupRequest.SyncGroupRequestAssignment.ASSIGNMENT, bytes(ConsumerProtocolCodec.encodeAssignment(a)))));
        return link.send(ApiKey.SYNC_GROUP, v -> SyncGroupRequest.SCHEMA.newMessage()
                        .set(SyncGroupRequest.GROUP_ID, settings.groupId())
                        .set(SyncGroupRequest.GENERATION_ID, generation)
                        .set(SyncGroupRequest.MEMBER_ID, member)
                        .set(SyncGroupRequest.GROUP_INSTANCE_ID, settings.groupInstanceId())
                        .set(SyncGroupRequest.PROTOCOL_TYPE, PROTOCOL_TYPE)
                        .set(SyncGroupRequest.PROTOCOL_NAME, protocolName)
                        .set(SyncGroupRequest.ASSIGNMENTS, encoded), Duration.ofMillis(settings.requestTimeoutMs()))
                .thenApply(response -> {
                    ErrorCode error = ErrorCode.forCode(response.body().get(SyncGroupResponse.ERROR_CODE));
                    if (error != ErrorCode.NONE) {
                        throw new Failure(error, "SyncGroup failed with " + error + ": " + error.message());
                    }
                    byte[] bytes = response.body().get(SyncGroupResponse.ASSIGNMENT);
                    Assignment assignment = bytes == null || bytes.length == 0 ? new Assignment(List.of())
                            : ConsumerProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes));
                    return new Outcome(generation, member, protocolName, assignment);
                });
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
