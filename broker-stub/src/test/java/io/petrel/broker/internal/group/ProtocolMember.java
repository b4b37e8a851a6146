package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatResponse;

import java.util.List;
import java.util.UUID;

/**
 * A consumer-protocol member as a client drives it through a {@link GroupHarness}: it joins, heartbeats reporting what
 * it owns, and takes each assignment it is sent at once (revoking what is gone, adding what is new), as kafka-clients
 * does once its callbacks have run.
 */
final class ProtocolMember {
    static final short V1 = 1;

    /** A heartbeat response as a client reads it. */
    record Reply(ErrorCode error, String message, String memberId, int epoch, int intervalMs,
                 PartitionAssignment assignment) {
    }

    private final GroupHarness h;
    final String group;
    final String memberId;
    final String instanceId;
    int epoch;
    PartitionAssignment owned = PartitionAssignment.EMPTY;

    ProtocolMember(GroupHarness h, String group, String instanceId) {
        this(h, group, UUID.randomUUID().toString(), instanceId);
    }

    ProtocolMember(GroupHarness h, String group, String memberId, String instanceId) {
        this.h = h;
        this.group = group;
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    static Message request(String group, String memberId, int epoch) {
        return ConsumerGroupHeartbeatRequest.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatRequest.GROUP_ID, group)
                .set(ConsumerGroupHeartbeatRequest.MEMBER_ID, memberId)
                .set(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH, epoch);
    }

    Reply call(Message request) {
        Message r = h.call(ApiKey.CONSUMER_GROUP_HEARTBEAT, V1, request);
        Message a = r.get(ConsumerGroupHeartbeatResponse.ASSIGNMENT);
        return new Reply(ErrorCode.forCode(r.get(ConsumerGroupHeartbeatResponse.ERROR_CODE)),
                r.get(ConsumerGroupHeartbeatResponse.ERROR_MESSAGE), r.get(ConsumerGroupHeartbeatResponse.MEMBER_ID),
                r.get(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH),
                r.get(ConsumerGroupHeartbeatResponse.HEARTBEAT_INTERVAL_MS),
                a == null ? null : PartitionAssignment.fromWire(a.get(ConsumerGroupHeartbeatResponse.Assignment.TOPIC_PARTITIONS)));
    }

    /** Joins subscribing to these topics (and the regex, if not null), with this server assignor (or null). */
    Reply join(List<String> topics, String regex, String assignor) {
        Message m = request(group, memberId, 0)
                .set(ConsumerGroupHeartbeatRequest.INSTANCE_ID, instanceId)
                .set(ConsumerGroupHeartbeatRequest.REBALANCE_TIMEOUT_MS, GroupHarness.REBALANCE_MS)
                .set(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_NAMES, regex == null ? topics : null)
                .set(ConsumerGroupHeartbeatRequest.SUBSCRIBED_TOPIC_REGEX, regex)
                .set(ConsumerGroupHeartbeatRequest.SERVER_ASSIGNOR, assignor)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, List.of());
        return apply(call(m));
    }

    Reply join(String... topics) {
        return join(List.of(topics), null, null);
    }

    /** A heartbeat reporting what it owns. */
    Reply heartbeat() {
        return apply(call(request(group, memberId, epoch)
                .set(ConsumerGroupHeartbeatRequest.INSTANCE_ID, instanceId)
                .set(ConsumerGroupHeartbeatRequest.TOPIC_PARTITIONS, owned.toWire())));
    }

    /** Leaves with epoch -1 (or -2 for a static member that will come back). */
    Reply leave(int leaveEpoch) {
        Reply r = call(request(group, memberId, leaveEpoch).set(ConsumerGroupHeartbeatRequest.INSTANCE_ID, instanceId));
        owned = PartitionAssignment.EMPTY;
        return r;
    }

    /** Heartbeats until its epoch and what it owns stop changing (at most 10 rounds). */
    Reply settle() {
        Reply r = heartbeat();
        for (int i = 0; i < 10; i++) {
            int before = epoch;
            PartitionAssignment had = owned;
            r = heartbeat();
            if (before == epoch && had.equals(owned)) {
                return r;
            }
        }
        return r;
    }

    private Reply apply(Reply r) {
        if (r.error() == ErrorCode.NONE) {
            epoch = r.epoch();
            if (r.assignment() != null) {
                owned = r.assignment();
            }
        }
        return r;
    }
}
