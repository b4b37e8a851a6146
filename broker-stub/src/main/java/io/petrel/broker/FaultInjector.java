package io.petrel.broker;

import io.petrel.broker.internal.fault.ErrorResponses;
import io.petrel.broker.internal.fault.FaultRule;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;

import java.time.Duration;

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
 */
public final class FaultInjector {
    private final FaultRules rules;

    FaultInjector(FaultRules rules) {
        this.rules = rules;
    }

    /**
     * Answers the next {@code times} requests of an API with an error, without serving them. Produce and
     * Fetch get the error on every partition; other APIs on their top-level error code.
     *
     * @throws IllegalArgumentException for an API whose response has no top-level error code to set
     */
    public Fault failRequests(ApiKey api, ErrorCode error, int times) {
        if (api != ApiKey.PRODUCE && api != ApiKey.FETCH && !ErrorResponses.hasTopLevelErrorCode(api)) {
            throw new IllegalArgumentException(api.apiName() + " responses have no top-level error code; "
                    + "fail whole requests of Produce, Fetch or an API with one");
        }
        return add(new FaultRule(api, null, -1, FaultRule.Action.FAIL, error, null, times));
    }

    /**
     * Answers one partition (or, with partition -1, every partition of the topic) with an error in the next
     * {@code times} Produce or Fetch requests that contain it; that partition is not served, the others are.
     */
    public Fault failPartition(ApiKey api, String topic, int partition, ErrorCode error, int times) {
        if (api != ApiKey.PRODUCE && api != ApiKey.FETCH) {
            throw new IllegalArgumentException("Partition faults apply to Produce and Fetch, not " + api.apiName());
        }
        return add(new FaultRule(api, topic, partition, FaultRule.Action.FAIL, error, null, times));
    }

    /** Holds back the responses to the next {@code times} requests of an API by {@code delay}. */
    public Fault delayResponses(ApiKey api, Duration delay, int times) {
        return add(new FaultRule(api, null, -1, FaultRule.Action.DELAY, null, delay, times));
    }

    /** Closes the connection when the next {@code times} requests of an API arrive, before serving them. */
    public Fault dropConnection(ApiKey api, int times) {
        return add(new FaultRule(api, null, -1, FaultRule.Action.DROP_CONNECTION, null, null, times));
    }

    /** Withdraws every rule. */
    public void clear() {
        rules.clear();
    }

    private Fault add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }
}
