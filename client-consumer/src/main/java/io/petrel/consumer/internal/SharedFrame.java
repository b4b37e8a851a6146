package io.petrel.consumer.internal;

import io.petrel.client.internal.FrameLease;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Fetch response frame shared by the {@link CompletedFetch}es made from it (one per partition with data),
 * handed back to its connection for reuse once every one of them was read to its end.
 *
 * <p>Why a count: the partitions of one response are read by separate polls, in any order, and the frame may be
 * reused only after the last of them. A fetch that is dropped unread (a seek, a revocation, a stale response) never
 * counts down, so its frame is never handed back and the GC collects it: a missed release costs only the reuse.
 */
final class SharedFrame {
    private final FrameLease lease;
    private final AtomicInteger unread;

    SharedFrame(FrameLease lease, int readers) {
        this.lease = lease;
        this.unread = new AtomicInteger(readers);
    }

    /** One of the fetches made from the frame was read to its end and will not touch the frame again. */
    void readerDone() {
        if (unread.decrementAndGet() == 0) {
            lease.release();
        }
    }
}
