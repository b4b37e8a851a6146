package io.petrel.broker;

import io.petrel.broker.internal.fault.ErrorResponses;
import io.petrel.broker.internal.fault.FaultRule;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a test can inject into a running broker, to see how a client copes: errors, slow responses,
 * dropped connections. Each call adds a rule that acts on the next {@code times} matching requests and
 * returns a {@link Fault} handle saying how often it fired.
 *
 * <pre>{@code
 * Fault notLeader = broker.faults().failPartition(ApiKey.PRODUCE, "orders", 0, ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
 * // ... produce ...
 * assertEquals(3, notLeader.fired());
 * }</pre>
 *
 * <p>Rules are checked in the order they were added; the first one that matches and has firings left acts.
 * A failed partition is not written: the rest of its request is served normally.
 *
 * <p>A fault acts on a count of requests, not on a span of time, so a client with several requests in
 * flight can see the first fail and a later one succeed, which a real leader change never does. An
 * idempotent producer copes (the later batch is refused OUT_OF_ORDER_SEQUENCE_NUMBER and retried in
 * order), except when the failed batches are its very first on the partition: like Kafka, the broker
 * accepts any sequence as an unknown producer's first, and the producer cannot close the gap. Let a
 * producer write once before injecting Produce faults, or set {@code max.in.flight.requests.per.connection=1}.
 */
public final class FaultInjector {
    private final FaultRules rules;

    FaultInjector(FaultRules rules) {
        this.rules = rules;
    }

    /**
     * Answers the next {@code times} requests of an API with an error, without serving them. Produce and
     * Fetch get the error on every partition; other APIs where the request's version carries a
     * request-wide error: the top-level error code, or, where an API moved it, each coordinator key
     * (FindCoordinator v4+), each group (OffsetFetch v8+) or each requested topic (Metadata, plus its
     * top-level error from v13; before v13 a request for all topics gets no topics, having nowhere to carry
     * the error). Note that Kafka's Java client logs the topic errors of a Metadata response that lists no
     * brokers (as an error response does) but otherwise ignores it, counts a failed update and retries.
     *
     * @throws IllegalArgumentException for an API whose response has no request-wide error code to set,
     *                                  for {@link ErrorCode#NONE}, or for {@code times} below 1
     */
    public Fault failRequests(ApiKey api, ErrorCode error, int times) {
        checkError(api, error);
        if (api != ApiKey.PRODUCE && api != ApiKey.FETCH && !ErrorResponses.hasTopLevelErrorCode(api)) {
            throw new IllegalArgumentException(api.apiName() + " responses have no top-level error code; "
                    + "fail whole requests of Produce, Fetch or an API with one");
        }
        return add(new FaultRule(api, null, -1, FaultRule.Action.FAIL, error, null, times));
    }

    /**
     * Answers one partition (or, with partition -1, every partition of the topic) with an error in the next
     * {@code times} Produce, Fetch or ListOffsets requests that contain it; that partition is not served, the others
     * are. On ListOffsets it holds back one partition's offset, as a leader still opening a new partition does.
     */
    public Fault failPartition(ApiKey api, String topic, int partition, ErrorCode error, int times) {
        checkError(api, error);
        Objects.requireNonNull(topic, "topic");
        if (partition < -1) {
            throw new IllegalArgumentException("Partition " + partition + " is not a partition index (or -1 for all)");
        }
        if (!FaultRules.appliesToPartitions(api)) {
            throw new IllegalArgumentException("Partition faults apply to Produce, Fetch and ListOffsets, not "
                    + api.apiName());
        }
        return add(new FaultRule(api, topic, partition, FaultRule.Action.FAIL, error, null, times));
    }

    /** Holds back the responses to the next {@code times} requests of an API by {@code delay}. */
    public Fault delayResponses(ApiKey api, Duration delay, int times) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A delay cannot be negative, got " + delay);
        }
        return add(new FaultRule(api, null, -1, FaultRule.Action.DELAY, null, delay, times));
    }

    /** Closes the connection when the next {@code times} requests of an API arrive, before serving them. */
    public Fault dropConnection(ApiKey api, int times) {
        Objects.requireNonNull(api, "api");
        return add(new FaultRule(api, null, -1, FaultRule.Action.DROP_CONNECTION, null, null, times));
    }

    /** Withdraws every rule. */
    public void clear() {
        rules.clear();
    }

    private static void checkError(ApiKey api, ErrorCode error) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(error, "error");
        if (error == ErrorCode.NONE) {
            throw new IllegalArgumentException("A fault needs an error: NONE would report success for a request"
                    + " that was not served");
        }
    }

    private Fault add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }
}
