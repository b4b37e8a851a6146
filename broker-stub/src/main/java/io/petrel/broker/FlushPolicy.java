package io.petrel.broker;

import java.time.Duration;

/**
 * When the broker forces appended data to disk, and so what survives a crash of the machine (a crash of
 * the broker process alone loses nothing the OS already holds). Whatever the policy, a rolled segment is forced
 * by a background thread, as Kafka does, never by the append that rolls it, and the partition's recovery point
 * (below which its segments are known to be on disk) follows; on open after a crash every segment from the
 * recovery point on is checked batch by batch.
 *
 * <ul>
 *   <li>{@link #osPageCache()} (Kafka's default): never fsync; the OS writes back when it likes. A
 *       power loss or kernel crash may lose the last seconds of acknowledged records.</li>
 *   <li>{@link #everyAppend()}: fsync before acknowledging each append. Nothing acknowledged is lost
 *       even on power loss, at the price of one fsync per produce request.</li>
 *   <li>{@link #interval(Duration)}: fsync at most that long after an append; a machine crash loses at
 *       most that window.</li>
 * </ul>
 */
public sealed interface FlushPolicy {

    static FlushPolicy osPageCache() {
        return OsPageCache.INSTANCE;
    }

    static FlushPolicy everyAppend() {
        return EveryAppend.INSTANCE;
    }

    static FlushPolicy interval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Flush interval " + interval + " must be positive");
        }
        return new Interval(interval);
    }

    /** Leave write-back to the OS page cache. */
    enum OsPageCache implements FlushPolicy { INSTANCE }

    /** fsync before each append is acknowledged. */
    enum EveryAppend implements FlushPolicy { INSTANCE }

    /** fsync within {@code interval} of an append. */
    record Interval(Duration interval) implements FlushPolicy {
    }
}
