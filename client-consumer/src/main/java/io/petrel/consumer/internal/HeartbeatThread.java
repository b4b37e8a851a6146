package io.petrel.consumer.internal;

import io.petrel.client.internal.CoordinatorLink;
import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.schemas.HeartbeatRequest;
import io.petrel.protocol.schemas.HeartbeatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A group member's heartbeat thread, as Kafka's classic consumer runs one: while the member is stable it
 * sends a Heartbeat every heartbeat.interval.ms (one in flight at a time), and watches two clocks.
 * <ul>
 *   <li>poll() not called within max.poll.interval.ms: the application is stuck, so the member leaves the
 *       group (a static member only drops its generation, as Kafka) and its partitions are lost.</li>
 *   <li>No successful heartbeat within session.timeout.ms: the coordinator is presumably gone, so it is
 *       looked up again.</li>
 * </ul>
 * Answers move the {@link MemberState}: REBALANCE_IN_PROGRESS asks for a rejoin; UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION and FENCED_INSTANCE_ID reset the member (partitions lost); coordinator errors forget
 * the coordinator (ILLEGAL_GENERATION keeps the member id, as Kafka's consumer does). An answer for a generation
 * the member has left is ignored, checked in the same atomic step that acts on it. Each event signals the
 * application thread, which does the rest in its next poll.
 *
 * <p>The thread wakes at least every 100 ms and checks the clocks on the injected {@link Time}. Its
 * timestamps are guarded by this object's lock, which is taken before the member state's, never after.
 */
final class HeartbeatThread extends HeartbeatLoop {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatThread.class);

    private final ConsumerSettings settings;
    private final CoordinatorLink link;
    private final MemberState member;
    private final ConsumerSignal signal;
    private final ConsumerMetrics metrics;
    private final BiConsumer<String, String> leaveGroup;

    // Guarded by this.
    private long lastSentNanos;
    private long lastOkNanos;
    private boolean inFlight;

    /** @param leaveGroup sends LeaveGroup for a member id, with a reason */
    HeartbeatThread(ConsumerSettings settings, Time time, CoordinatorLink link, MemberState member,
                    ConsumerSignal signal, ConsumerMetrics metrics, BiConsumer<String, String> leaveGroup) {
        super(time, settings.clientId());
        this.settings = settings;
        this.link = link;
        this.member = member;
        this.signal = signal;
        this.metrics = metrics;
        this.leaveGroup = leaveGroup;
    }

    /** A generation was joined: heartbeats and the session clock start from now. Call before it is stable. */
    synchronized void restart(long nowNanos) {
        lastOkNanos = nowNanos;
        lastSentNanos = nowNanos;
    }

    /** Under the lock: sends a heartbeat or leaves if due; returns how long to wait, in ms. */
    @Override
    long step(long now) {
        MemberState.Generation current = member.stableGeneration();
        if (current == null) {
            return IDLE_WAIT_MS;
        }
        if (pollTimedOut(now, settings.maxPollIntervalMs())) {
            log.warn("Group {}: consumer poll timeout has expired: poll() was not called within max.poll.interval.ms "
                    + "({} ms), so the member leaves the group; its partitions will be reassigned. Process fewer "
                    + "records per poll (max.poll.records) or raise max.poll.interval.ms", settings.groupId(),
                    settings.maxPollIntervalMs());
            String had = member.reset(true);
            if (settings.groupInstanceId() == null) {
                leaveGroup.accept(had, "consumer poll timeout has expired");
            }
            signal.signal();
            return IDLE_WAIT_MS;
        }
        if (now - lastOkNanos > TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs())) {
            link.markUnknown("no successful heartbeat within session.timeout.ms");
        }
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        long due = lastSentNanos + interval;
        if (inFlight || now - due < 0) {
            return Math.max(1, Math.min(IDLE_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(due - now)));
        }
        inFlight = true;
        lastSentNanos = now;
        int generation = current.generationId();
        link.send(ApiKey.HEARTBEAT, v -> HeartbeatRequest.SCHEMA.newMessage()
                        .set(HeartbeatRequest.GROUP_ID, settings.groupId())
                        .set(HeartbeatRequest.GENERATION_ID, generation)
                        .set(HeartbeatRequest.MEMBER_ID, current.memberId())
                        .set(HeartbeatRequest.GROUP_INSTANCE_ID, settings.groupInstanceId()),
                Duration.ofMillis(settings.requestTimeoutMs())).whenComplete((r, e) -> onAnswer(generation, r, e));
        return Math.max(1, Math.min(IDLE_WAIT_MS, settings.heartbeatIntervalMs()));
    }

    private void onAnswer(int generation, ClientNetwork.Response response, Throwable error) {
        ErrorCode code = error != null ? null : ErrorCode.forCode(response.body().get(HeartbeatResponse.ERROR_CODE));
        synchronized (this) {
            inFlight = false;
            if (!member.isStableIn(generation)) {
                return;
            }
            if (code == ErrorCode.NONE) {
                lastOkNanos = time.nanoseconds();
                metrics.heartbeat();
                return;
            }
        }
        if (error != null) {
            log.debug("Group {}: heartbeat failed: {}", settings.groupId(), error.toString());
            return;
        }
        switch (code) {
            case REBALANCE_IN_PROGRESS -> {
                synchronized (this) {
                    lastOkNanos = time.nanoseconds();
                }
                member.requestRejoinIfStableIn(generation, "the coordinator started a rebalance");
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID -> {
                if (member.resetIfStableIn(generation, code)) {
                    log.info("Group {}: heartbeat for generation {} says {}; the member's partitions are lost",
                            settings.groupId(), generation, code);
                }
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> link.markUnknown(code.name());
            default -> log.warn("Group {}: heartbeat failed with {}", settings.groupId(), code);
        }
        signal.signal();
    }
}
