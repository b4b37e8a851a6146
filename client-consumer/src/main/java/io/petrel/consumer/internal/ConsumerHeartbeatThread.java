package io.petrel.consumer.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorLink;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatRequest;
import io.petrel.protocol.schemas.ConsumerGroupHeartbeatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The ConsumerGroupHeartbeat loop of a consumer-protocol member (KIP-848), on a thread of its own so heartbeats
 * go on while the application processes records: one heartbeat in flight at a time, sent at the interval the
 * broker's last answer gave (group.consumer.heartbeat.interval.ms), at once to join or to acknowledge a
 * reconciled assignment, after retry.backoff.ms when one failed.
 *
 * <p>Answers move the {@link ConsumerProtocolMember}: a new epoch and interval, and a new target assignment for
 * the application thread to reconcile; FENCED_MEMBER_EPOCH and UNKNOWN_MEMBER_ID fence it; coordinator errors
 * find the coordinator again; COORDINATOR_LOAD_IN_PROGRESS and transport failures are retried; other errors
 * (authorization, unknown assignor, bad regex, instance id held by another member, ...) are fatal and the
 * application's next poll throws them. It also watches max.poll.interval.ms: past it the member leaves the group
 * (epoch -1, or -2 for a static member) as kafka-clients does, and is stale until the application polls again.
 *
 * <p>Every event signals the application thread. The thread wakes at least every 100 ms and reads the injected
 * {@link Time}; its fields are guarded by this object's lock, taken before the member's.
 */
final class ConsumerHeartbeatThread extends HeartbeatLoop {
    private static final Logger log = LoggerFactory.getLogger(ConsumerHeartbeatThread.class);

    private final ConsumerSettings settings;
    private final CoordinatorLink link;
    private final ConsumerProtocolMember member;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;

    // Guarded by this.
    private long nextDueNanos;
    private long backoffUntilNanos;
    private boolean inFlight;

    ConsumerHeartbeatThread(ConsumerSettings settings, Time time, CoordinatorLink link, ConsumerProtocolMember member,
                            ConsumerSignal signal, ConsumerMetrics metrics) {
        super(time, settings.clientId());
        this.settings = settings;
        this.link = link;
        this.member = member;
        this.signal = signal;
        this.metrics = metrics;
    }

    /** Something to send at once (a join, an acknowledgement): wakes the thread. */
    synchronized void wakeUp() {
        notifyAll();
    }

    /**
     * Sends the heartbeat that leaves the group: epoch -1, or -2 for a static member (it keeps its assignment
     * until its session expires), with the instance id. Under this object's lock, as {@link #step} sends: a
     * heartbeat the thread built before the member began leaving goes out before the leave, never after it (one
     * after it would carry an epoch the coordinator no longer knows).
     */
    synchronized CompletableFuture<ClientNetwork.Response> sendLeave(String reason) {
        int leaveEpoch = member.groupInstanceId() == null ? ConsumerProtocolMember.LEAVE_EPOCH
                : ConsumerProtocolMember.STATIC_LEAVE_EPOCH;
        log.info("Group {}: member {} leaves the group with epoch {} ({})", settings.groupId(), member.memberId(),
                leaveEpoch, reason);
        Message body = ConsumerGroupHeartbeatRequest.SCHEMA.newMessage()
                .set(ConsumerGroupHeartbeatRequest.GROUP_ID, settings.groupId())
                .set(ConsumerGroupHeartbeatRequest.MEMBER_ID, member.memberId())
                .set(ConsumerGroupHeartbeatRequest.MEMBER_EPOCH, leaveEpoch)
                .set(ConsumerGroupHeartbeatRequest.INSTANCE_ID, member.groupInstanceId());
        return link.send(ApiKey.CONSUMER_GROUP_HEARTBEAT, v -> body, Duration.ofMillis(settings.requestTimeoutMs()));
    }

    /** Under the lock: sends a heartbeat or leaves if due; returns how long to wait, in ms. */
    @Override
    long step(long now) {
        if (!member.phase().heartbeats()) {
            return IDLE_WAIT_MS;
        }
        if (pollTimedOut(now, settings.maxPollIntervalMs())) {
            leaveOnPollTimeout();
            return IDLE_WAIT_MS;
        }
        if (inFlight || now - backoffUntilNanos < 0) {
            return IDLE_WAIT_MS;
        }
        if (!member.urgent() && now - nextDueNanos < 0) {
            return Math.max(1, Math.min(IDLE_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(nextDueNanos - now)));
        }
        ConsumerProtocolMember.Heartbeat heartbeat = member.nextHeartbeat(settings.groupId(),
                settings.maxPollIntervalMs(), settings.groupRemoteAssignor(),
                settings.clientRack().isEmpty() ? null : settings.clientRack());
        if (heartbeat == null) {
            return IDLE_WAIT_MS;
        }
        inFlight = true;
        link.send(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                        v -> ConsumerProtocolMember.atVersion(heartbeat.body(), v, settings.groupId()),
                        Duration.ofMillis(settings.requestTimeoutMs()))
                .whenComplete((r, e) -> onAnswer(heartbeat.join(), r, e));
        return IDLE_WAIT_MS;
    }

    private void leaveOnPollTimeout() {
        log.warn("Group {}: consumer poll timeout has expired: poll() was not called within max.poll.interval.ms ({} ms),"
                + " so the member leaves the group; its partitions will be reassigned. Process fewer records per poll"
                + " (max.poll.records) or raise max.poll.interval.ms", settings.groupId(), settings.maxPollIntervalMs());
        member.staleAfterPollTimeout();
        sendLeave("consumer poll timeout has expired").whenComplete((r, e) -> {
            if (e != null) {
                log.debug("Group {}: the leave heartbeat failed: {}", settings.groupId(), e.toString());
            }
        });
        signal.signal();
    }

    /**
     * Applies an answer, and only then lets the next heartbeat go: one sent before the new epoch is recorded would
     * carry the old epoch, which the broker fences when the assignment changed meanwhile.
     */
    private void onAnswer(long join, ClientNetwork.Response response, Throwable error) {
        try {
            apply(join, response, error);
        } finally {
            synchronized (this) {
                inFlight = false;
                notifyAll();
            }
        }
    }

    private void apply(long join, ClientNetwork.Response response, Throwable error) {
        long now = time.nanoseconds();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof UnsupportedVersionException unsupported) {
                // No retry changes what the broker speaks: the request the subscription needs cannot be sent.
                countFailedRebalance(join);
                member.fatal(join, unsupported);
                signal.signal();
                return;
            }
            log.debug("Group {}: heartbeat failed: {}", settings.groupId(), error.toString());
            retryLater(now, true);
            return;
        }
        Message body = response.body();
        ErrorCode code = ErrorCode.forCode(body.get(ConsumerGroupHeartbeatResponse.ERROR_CODE));
        String message = body.get(ConsumerGroupHeartbeatResponse.ERROR_MESSAGE);
        switch (code) {
            case NONE -> onSuccess(join, now, body);
            case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
                countFailedRebalance(join);
                member.fenced(join, code.name());
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                link.markUnknown(code.name());
                retryLater(now, true);
            }
            case COORDINATOR_LOAD_IN_PROGRESS -> retryLater(now, false);
            default -> {
                countFailedRebalance(join);
                member.fatal(join, fatalError(code, message));
            }
        }
        signal.signal();
    }

    /**
     * A heartbeat failed for good: a rebalance under way failed, as kafka-clients counts it (retried failures,
     * such as a coordinator moving, do not count).
     */
    private void countFailedRebalance(long join) {
        if (member.isCurrent(join) && member.rebalancing()) {
            metrics.rebalanceFailed();
        }
    }

    private void onSuccess(long join, long now, Message body) {
        int interval = body.get(ConsumerGroupHeartbeatResponse.HEARTBEAT_INTERVAL_MS);
        Message assignment = body.get(ConsumerGroupHeartbeatResponse.ASSIGNMENT);
        Map<UUID, SortedSet<Integer>> target = null;
        if (assignment != null) {
            target = new HashMap<>();
            for (Message tp : assignment.get(ConsumerGroupHeartbeatResponse.Assignment.TOPIC_PARTITIONS)) {
                target.put(tp.get(ConsumerGroupHeartbeatRequest.TopicPartitions.TOPIC_ID),
                        new TreeSet<>(tp.get(ConsumerGroupHeartbeatRequest.TopicPartitions.PARTITIONS)));
            }
        }
        member.answered(join, body.get(ConsumerGroupHeartbeatResponse.MEMBER_ID),
                body.get(ConsumerGroupHeartbeatResponse.MEMBER_EPOCH), interval, target, metrics.nowMs());
        metrics.heartbeat();
        synchronized (this) {
            nextDueNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, interval));
        }
    }

    private void retryLater(long now, boolean resendAll) {
        if (resendAll) {
            member.forgetSentFields();
        }
        synchronized (this) {
            backoffUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
        }
        signal.signal();
    }

    private ClientException fatalError(ErrorCode code, String message) {
        String detail = message == null || message.isEmpty() ? code.message() : message;
        String what = switch (code) {
            case UNSUPPORTED_VERSION -> "the broker does not support the consumer group protocol "
                    + "(ConsumerGroupHeartbeat); set group.protocol=classic or upgrade it to Kafka 4";
            case UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID -> "group.instance.id " + settings.groupInstanceId()
                    + " is held by another member";
            case UNSUPPORTED_ASSIGNOR -> "group.remote.assignor " + settings.groupRemoteAssignor()
                    + " is not one of the broker's group.consumer.assignors";
            default -> "ConsumerGroupHeartbeat failed";
        };
        return BrokerErrorException.forResource(code, settings.groupId(), "Group " + settings.groupId() + ": " + what
                + " (" + code + ": " + detail + ")");
    }
}
