package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Positions newly assigned partitions at the group's committed offsets (OffsetFetch), or at auto.offset.reset
 * for those with none; a failed lookup is tried again after retry.backoff.ms. Both group protocols use it; the
 * member it asks as (none for classic, the member id and epoch for the consumer protocol) comes from a supplier,
 * read at each lookup. Application thread; the answer is applied on the network thread under the subscription
 * lock, and ignored for a partition that was reassigned in between.
 */
final class CommittedOffsetLoader {
    private static final Logger log = LoggerFactory.getLogger(CommittedOffsetLoader.class);

    private final ConsumerSettings settings;
    private final Time time;
    private final OffsetCommitter committer;
    private final SubscriptionState subscriptions;
    private final ConsumerSignal signal;
    private final Supplier<OffsetCommitter.Member> asMember;

    CommittedOffsetLoader(ConsumerSettings settings, Time time, OffsetCommitter committer,
                          SubscriptionState subscriptions, ConsumerSignal signal,
                          Supplier<OffsetCommitter.Member> asMember) {
        this.settings = settings;
        this.time = time;
        this.committer = committer;
        this.subscriptions = subscriptions;
        this.signal = signal;
        this.asMember = asMember;
    }

    /** Looks up committed offsets of partitions waiting for them; without one they reset. */
    void refresh() {
        Map<TopicPartition, Integer> wanted = new HashMap<>();
        long now = time.nanoseconds();
        subscriptions.lock();
        try {
            subscriptions.forEach(s -> {
                if (s.phase == PartitionState.Phase.AWAIT_COMMITTED && !s.lookupInFlight && now - s.backoffUntilNanos >= 0) {
                    s.lookupInFlight = true;
                    wanted.put(s.tp, s.generation);
                }
            });
        } finally {
            subscriptions.unlock();
        }
        if (wanted.isEmpty()) {
            return;
        }
        committer.fetch(wanted.keySet(), asMember.get()).whenComplete((committed, error) -> {
            subscriptions.lock();
            try {
                wanted.forEach((tp, generation) -> {
                    PartitionState s = subscriptions.state(tp);
                    if (s == null || s.generation != generation || s.phase != PartitionState.Phase.AWAIT_COMMITTED) {
                        return;
                    }
                    s.lookupInFlight = false;
                    if (error != null) {
                        s.backoffUntilNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
                        return;
                    }
                    OffsetAndMetadata om = committed.get(tp);
                    if (om != null) {
                        s.seekUnvalidated(om.offset(), om.leaderEpoch());
                    } else {
                        s.requestReset(subscriptions.defaultReset());
                    }
                });
            } finally {
                subscriptions.unlock();
            }
            if (error != null) {
                log.debug("Group {}: fetching committed offsets failed: {}", settings.groupId(), error.toString());
            }
            signal.signal();
        });
    }
}
