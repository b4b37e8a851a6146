package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The fetches parked until data arrives, indexed by the partitions they read: an append to a partition
 * wakes every fetch waiting on it.
 *
 * <p>How it works: a concurrent map from partition to the set of waiting callbacks. Produce reports each
 * append through {@link #onAppend}, which runs the callbacks of that partition on the appending thread;
 * a callback only re-reads the log and decides whether its fetch is satisfied, so it returns quickly. A
 * fetch unregisters itself once complete, whichever way it completed.
 */
public final class FetchWaiters implements AppendListener {
    private static final Logger log = LoggerFactory.getLogger(FetchWaiters.class);

    private final ConcurrentMap<TopicPartition, Set<Runnable>> waiting = new ConcurrentHashMap<>();

    /** Runs {@code onAppend} after each append to any of {@code partitions}, until unregistered. */
    public void register(Collection<TopicPartition> partitions, Runnable onAppend) {
        for (TopicPartition tp : partitions) {
            waiting.compute(tp, (k, set) -> {
                Set<Runnable> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(onAppend);
                return s;
            });
        }
    }

    /** Stops running {@code onAppend} for {@code partitions}. */
    public void unregister(Collection<TopicPartition> partitions, Runnable onAppend) {
        for (TopicPartition tp : partitions) {
            waiting.computeIfPresent(tp, (k, set) -> {
                set.remove(onAppend);
                return set.isEmpty() ? null : set;
            });
        }
    }

    @Override
    public void onAppend(TopicPartition partition) {
        Set<Runnable> callbacks = waiting.get(partition);
        if (callbacks == null) {
            return;
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.error("A fetch waiting on {} failed when woken by an append", partition, e);
            }
        }
    }

    /** How many (partition, fetch) registrations are waiting; for tests and metrics. */
    public int waitingCount() {
        int n = 0;
        for (Set<Runnable> s : waiting.values()) {
            n += s.size();
        }
        return n;
    }
}
