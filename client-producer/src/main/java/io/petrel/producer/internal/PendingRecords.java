package io.petrel.producer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Records whose topic has no metadata yet, so they cannot be partitioned: where send() leaves them
 * instead of blocking on metadata. Sits between the serializer and partitioner stages.
 *
 * <p>How it works: per topic a FIFO of records, each with the deadline (max.block.ms) by which its
 * topic must be known. Once a topic has waiting records every later record of it queues behind them
 * ({@link #offerIfWaiting}), so records keep their send order. When the sender learns the topic's
 * partitions it hands them on with {@link #drain}, which runs under this queue's lock for the same
 * reason. The records' bytes stay charged to buffer.memory while they wait.
 */
final class PendingRecords {
    /** A record waiting for its topic. */
    record Pending(SerializedRecord record, RecordCompletion completion, long deadlineNanos) {
    }

    private final Map<String, ArrayDeque<Pending>> byTopic = new HashMap<>();
    private volatile int waitingTopics;

    /** Queues the record if its topic already has records waiting; false (and nothing queued) otherwise. */
    boolean offerIfWaiting(Pending pending) {
        if (waitingTopics == 0) {
            return false;
        }
        synchronized (this) {
            ArrayDeque<Pending> queue = byTopic.get(pending.record().topic());
            if (queue == null) {
                return false;
            }
            queue.addLast(pending);
            return true;
        }
    }

    /** Queues the record; returns true when its topic was not waiting before (the sender should fetch it). */
    synchronized boolean add(Pending pending) {
        ArrayDeque<Pending> queue = byTopic.get(pending.record().topic());
        boolean fresh = queue == null;
        if (fresh) {
            queue = new ArrayDeque<>();
            byTopic.put(pending.record().topic(), queue);
            waitingTopics = byTopic.size();
        }
        queue.addLast(pending);
        return fresh;
    }

    /**
     * Hands every waiting record of the topic to {@code sink}, in order, and only then stops holding the
     * topic back: until the last one is handed on, later records of the topic queue behind them (a send
     * that saw the topic free earlier would overtake them).
     */
    synchronized void drain(String topic, Consumer<Pending> sink) {
        ArrayDeque<Pending> queue = byTopic.get(topic);
        if (queue != null) {
            queue.forEach(sink);
        }
        byTopic.remove(topic);
        waitingTopics = byTopic.size();
    }

    /** Removes and returns the records whose deadline has passed. */
    synchronized List<Pending> expire(long nowNanos) {
        List<Pending> expired = new ArrayList<>();
        Iterator<Map.Entry<String, ArrayDeque<Pending>>> topics = byTopic.entrySet().iterator();
        while (topics.hasNext()) {
            ArrayDeque<Pending> queue = topics.next().getValue();
            queue.removeIf(p -> {
                boolean late = p.deadlineNanos() - nowNanos <= 0;
                if (late) {
                    expired.add(p);
                }
                return late;
            });
            if (queue.isEmpty()) {
                topics.remove();
            }
        }
        waitingTopics = byTopic.size();
        return expired;
    }

    /** Removes and returns every waiting record (a forced close). */
    synchronized List<Pending> drainAll() {
        List<Pending> all = new ArrayList<>();
        byTopic.values().forEach(all::addAll);
        byTopic.clear();
        waitingTopics = 0;
        return all;
    }

    synchronized Set<String> topics() {
        return Set.copyOf(byTopic.keySet());
    }

    /** The earliest deadline of a waiting record, or Long.MAX_VALUE. */
    synchronized long nextDeadlineNanos() {
        long next = Long.MAX_VALUE;
        for (ArrayDeque<Pending> queue : byTopic.values()) {
            for (Pending p : queue) {
                next = Math.min(next, p.deadlineNanos());
            }
        }
        return next;
    }

    boolean isEmpty() {
        return waitingTopics == 0;
    }

    /** A future of every record waiting now, for flush(). */
    synchronized CompletableFuture<Void> allDone() {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        byTopic.values().forEach(q -> q.forEach(p -> futures.add(p.completion().future())));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
