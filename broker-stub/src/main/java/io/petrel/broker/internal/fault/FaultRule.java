package io.petrel.broker.internal.fault;

import io.petrel.broker.Fault;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One injected fault: which requests it matches, what it does to them, and how many it may act on.
 * A rule claims a request atomically, so two connections never both spend its last firing.
 */
public final class FaultRule implements Fault {

    /** What a fault does to a request it matches. */
    public enum Action { FAIL, DELAY, DROP_CONNECTION }

    private final ApiKey api;
    private final String topic;
    private final int partition;
    private final Action action;
    private final ErrorCode error;
    private final Duration delay;
    private final int times;
    private final AtomicInteger fired = new AtomicInteger();
    private volatile boolean cancelled;

    /**
     * @param topic     for partition faults, the topic; null matches whole requests
     * @param partition with a topic, the partition; -1 matches all of the topic's partitions
     */
    public FaultRule(ApiKey api, String topic, int partition, Action action, ErrorCode error, Duration delay, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("A fault must fire at least once, got times=" + times);
        }
        this.api = api;
        this.topic = topic;
        this.partition = partition;
        this.action = action;
        this.error = error;
        this.delay = delay;
        this.times = times;
    }

    public ApiKey api() {
        return api;
    }

    public Action action() {
        return action;
    }

    public ErrorCode error() {
        return error;
    }

    public Duration delay() {
        return delay;
    }

    /** Spends one firing if any is left; false once exhausted or cancelled. */
    boolean claim() {
        while (true) {
            int n = fired.get();
            if (n >= times || cancelled) {
                return false;
            }
            if (fired.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    boolean targetsPartitions() {
        return topic != null;
    }

    boolean matchesPartition(String topicName, int partitionIndex) {
        return topic.equals(topicName) && (partition < 0 || partition == partitionIndex);
    }

    @Override
    public int fired() {
        return fired.get();
    }

    @Override
    public boolean exhausted() {
        return cancelled || fired.get() >= times;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public String toString() {
        return action + " " + api + (topic == null ? "" : " " + topic + "-" + partition)
                + (error == null ? "" : " " + error) + " (" + fired.get() + "/" + times + ")";
    }
}
