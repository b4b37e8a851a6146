package io.petrel.broker.internal.fetchsession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One client's incremental fetch session: its id, the epoch its next incremental fetch must carry, and its
 * partitions in the order they are read.
 *
 * <p>How it works: an incremental fetch first {@link #update updates} the partitions (adds and alterations from the
 * request, removals from forgotten_topics_data), then the handler reads a {@link #partitions() snapshot} of them and
 * {@link #answer answers} with only those that {@link CachedPartition#mustAnswer must} be answered. A partition that
 * returned records moves to the end of the order, so under max_bytes every partition gets its turn (Kafka's
 * rule). What the client was told before the last answer is kept until the next one, so a response the quota
 * withholds can be {@link #withheld() taken back}. All of it under this object's lock: a client could send two
 * requests for one session at once.
 */
public final class FetchSession {
    /** Kafka's FetchMetadata: epoch 0 opens a session, -1 closes one. */
    public static final int INITIAL_EPOCH = 0;
    public static final int FINAL_EPOCH = -1;

    private final int id;
    private final boolean usesTopicIds;
    private final long createdMs;
    private final LinkedHashMap<SessionPartition, CachedPartition> partitions;
    private int epoch;
    private long lastUsedMs;
    /** The size the cache last indexed this session under (-1: not indexed). Guarded by the cache. */
    int indexedSize = -1;
    /** What the last answer changed, for {@link #withheld()}; null when the answer created the session. */
    private List<CachedPartition.Told> lastTold = List.of();
    private boolean createdByLastAnswer;

    FetchSession(int id, boolean usesTopicIds, long nowMs, List<CachedPartition> initial) {
        this.id = id;
        this.usesTopicIds = usesTopicIds;
        this.createdMs = nowMs;
        this.lastUsedMs = nowMs;
        this.epoch = nextEpoch(INITIAL_EPOCH);
        this.partitions = new LinkedHashMap<>(Math.max(16, initial.size() * 2));
        for (CachedPartition p : initial) {
            partitions.put(p.partition(), p);
        }
        this.createdByLastAnswer = true;
    }

    /** The epoch after {@code epoch}: wraps from Integer.MAX_VALUE to 1, never back to 0. */
    public static int nextEpoch(int epoch) {
        if (epoch < 0) {
            return FINAL_EPOCH;
        }
        return epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }

    public int id() {
        return id;
    }

    public boolean usesTopicIds() {
        return usesTopicIds;
    }

    long createdMs() {
        return createdMs;
    }

    long lastUsedMs() {
        return lastUsedMs;
    }

    void lastUsedMs(long ms) {
        this.lastUsedMs = ms;
    }

    /** The epoch the next incremental fetch of this session must carry. */
    public synchronized int epoch() {
        return epoch;
    }

    public synchronized int size() {
        return partitions.size();
    }

    /** How many partitions {@link #update} would add. */
    synchronized int added(Collection<PartitionRequest> requested) {
        int added = 0;
        for (PartitionRequest r : requested) {
            if (!partitions.containsKey(r.partition())) {
                added++;
            }
        }
        return added;
    }

    /**
     * Applies an incremental fetch: requested partitions are added or altered, forgotten ones removed, and the epoch
     * moves on.
     */
    synchronized void update(Collection<PartitionRequest> requested, Collection<SessionPartition> forgotten) {
        for (PartitionRequest r : requested) {
            CachedPartition cached = partitions.get(r.partition());
            if (cached == null) {
                partitions.put(r.partition(), new CachedPartition(r));
            } else {
                cached.asked(r);
            }
        }
        for (SessionPartition f : forgotten) {
            partitions.remove(f);
        }
        epoch = nextEpoch(epoch);
    }

    /** The session's partitions in read order, as they stand now. */
    public synchronized List<CachedPartition> partitions() {
        return new ArrayList<>(partitions.values());
    }

    /**
     * Which of {@code read} (a {@link #partitions()} snapshot) the response carries, given what each was answered;
     * remembers what the client is told.
     *
     * @param answers one answer per partition of {@code read}, in the same order
     * @return for each partition, whether the response carries it
     */
    public synchronized boolean[] answer(List<CachedPartition> read, List<PartitionAnswer> answers) {
        if (read.size() != answers.size()) {
            throw new IllegalArgumentException(answers.size() + " answers for " + read.size() + " partitions");
        }
        boolean[] carried = new boolean[read.size()];
        List<CachedPartition.Told> told = new ArrayList<>();
        for (int i = 0; i < carried.length; i++) {
            CachedPartition cached = read.get(i);
            CachedPartition.Told before = cached.told();
            PartitionAnswer answer = answers.get(i);
            carried[i] = cached.mustAnswer(answer);
            if (carried[i]) {
                told.add(before);
            }
            if (answer.recordBytes() > 0 && partitions.remove(cached.partition()) != null) {
                partitions.put(cached.partition(), cached);
            }
        }
        lastTold = told;
        createdByLastAnswer = false;
        return carried;
    }

    /**
     * The last answer was not sent (the quota withheld it): the client still knows what it knew before, so the
     * partitions that answer carried are answered again.
     *
     * @return whether that answer was the full fetch that created this session (which then should not exist)
     */
    synchronized boolean withheld() {
        lastTold.forEach(CachedPartition.Told::restore);
        lastTold = List.of();
        return createdByLastAnswer;
    }

    @Override
    public String toString() {
        return "FetchSession(id=" + id + ", epoch=" + epoch + ", partitions=" + partitions.size() + ")";
    }
}
