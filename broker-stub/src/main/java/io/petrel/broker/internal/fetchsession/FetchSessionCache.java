package io.petrel.broker.internal.fetchsession;

import io.petrel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The broker's incremental fetch sessions (KIP-227), with the slots and eviction rules of Kafka's FetchSessionCache.
 *
 * <p>How it works: a full fetch with epoch 0 {@link #create creates} a session when a slot is free, or when one can
 * be evicted: first the session unused for longest if that is more than the eviction time (2 minutes, Kafka's
 * fixed value), else the smallest session (by partition count, then id) that has existed for longer than the
 * eviction time and is no larger than the new one. Otherwise the fetch gets session id 0 and the client keeps
 * fetching in full. An {@link #incremental} fetch must name a live session ({@code FETCH_SESSION_ID_NOT_FOUND}), its
 * next epoch ({@code INVALID_FETCH_SESSION_EPOCH}) and the same topic naming, ids or names, as the fetch that created
 * it ({@code FETCH_SESSION_TOPIC_ID_ERROR}). A full fetch naming a session closes it.
 *
 * <p>Memory: at most {@code maxSlots} sessions and at most {@code maxPartitions} cached partitions over all of them,
 * whatever clients send; a session that would pass the partition bound is not created, and an incremental fetch
 * that would is refused as FETCH_SESSION_ID_NOT_FOUND after its session is dropped (the client then fetches in full,
 * without a session). Thread-safe: the cache's lock is taken before a session's, never the other way.
 */
public final class FetchSessionCache {
    /** Kafka's eviction time for fetch sessions (not configurable there either). */
    public static final long EVICTION_MS = 120_000;
    /** The default bound on partitions cached over all sessions (a few tens of MB at most). */
    public static final int DEFAULT_MAX_PARTITIONS = 200_000;

    // Written out rather than composed with Comparator.comparingLong(..).thenComparingInt(..): each composition
    // spins lambda classes of its own, and this class loads in every broker's start, before the first answer.
    private static final Comparator<FetchSession> BY_LAST_USE = (a, b) -> {
        int byUse = Long.compare(a.lastUsedMs(), b.lastUsedMs());
        return byUse != 0 ? byUse : Integer.compare(a.id(), b.id());
    };
    private static final Comparator<FetchSession> BY_VALUE = (a, b) -> {
        int bySize = Integer.compare(a.indexedSize, b.indexedSize);
        return bySize != 0 ? bySize : Integer.compare(a.id(), b.id());
    };

    private final int maxSlots;
    private final long evictionMs;
    private final int maxPartitions;
    private final LongSupplier nowMs;
    private final Map<Integer, FetchSession> sessions = new HashMap<>();
    private final TreeSet<FetchSession> lastUsed = new TreeSet<>(BY_LAST_USE);
    /** Sessions old enough to be evicted for a new one, least valuable first. */
    private final TreeSet<FetchSession> evictable = new TreeSet<>(BY_VALUE);
    private long cachedPartitions;
    private long evictions;
    private long incrementalFetches;

    /**
     * @param maxSlots      max.incremental.fetch.session.cache.slots (0: no sessions)
     * @param evictionMs    how long a session is safe from eviction after its creation and after each use
     * @param maxPartitions the bound on cached partitions over all sessions
     * @param nowMs         a monotonic millisecond clock
     */
    public FetchSessionCache(int maxSlots, long evictionMs, int maxPartitions, LongSupplier nowMs) {
        if (maxSlots < 0) {
            throw new IllegalArgumentException("max.incremental.fetch.session.cache.slots " + maxSlots
                    + " must be at least 0");
        }
        this.maxSlots = maxSlots;
        this.evictionMs = evictionMs;
        this.maxPartitions = maxPartitions;
        this.nowMs = nowMs;
    }

    /** The outcome of an incremental fetch's lookup: an error, the session to read, or neither (session emptied). */
    public record Incremental(ErrorCode error, FetchSession session) {
    }

    /**
     * Creates a session for a full fetch with epoch 0, from what it asked and what it is answered.
     *
     * @return the new session's id, or 0 when none could be created
     */
    public synchronized int create(boolean usesTopicIds, List<PartitionRequest> requests, List<PartitionAnswer> answers) {
        long now = nowMs.getAsLong();
        if (cachedPartitions + requests.size() > maxPartitions) {
            return 0;
        }
        if (sessions.size() >= maxSlots && !tryEvict(requests.size(), now)) {
            return 0;
        }
        List<CachedPartition> cached = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            cached.add(CachedPartition.told(requests.get(i), answers.get(i)));
        }
        FetchSession session = new FetchSession(newId(), usesTopicIds, now, cached);
        sessions.put(session.id(), session);
        touch(session, now);
        return session.id();
    }

    /**
     * Looks up and updates the session of an incremental fetch (epoch above 0).
     *
     * @param requested partitions added or altered by the request
     * @param forgotten partitions the request removes
     */
    public synchronized Incremental incremental(int id, int epoch, boolean usesTopicIds,
                                                Collection<PartitionRequest> requested,
                                                Collection<SessionPartition> forgotten) {
        FetchSession session = sessions.get(id);
        if (session == null) {
            return new Incremental(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, null);
        }
        if (session.epoch() != epoch) {
            return new Incremental(ErrorCode.INVALID_FETCH_SESSION_EPOCH, null);
        }
        if (session.usesTopicIds() != usesTopicIds) {
            return new Incremental(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR, null);
        }
        if (cachedPartitions + session.added(requested) > maxPartitions) {
            remove(session);
            return new Incremental(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, null);
        }
        session.update(requested, forgotten);
        incrementalFetches++;
        if (session.size() == 0) {
            remove(session);
            return new Incremental(ErrorCode.NONE, null);
        }
        touch(session, nowMs.getAsLong());
        return new Incremental(ErrorCode.NONE, session);
    }

    /** Closes a session (a full fetch named it). @return whether it existed */
    public synchronized boolean remove(int id) {
        FetchSession session = sessions.get(id);
        if (session == null) {
            return false;
        }
        remove(session);
        return true;
    }

    /**
     * The last response of session {@code id} was withheld by the quota: what it told is taken back, and a session
     * that response created is closed (Kafka creates none for a throttled fetch).
     *
     * @return the session id the withheld response may carry: {@code id}, or 0 once closed
     */
    public synchronized int withheld(int id) {
        FetchSession session = sessions.get(id);
        if (session == null) {
            return 0;
        }
        if (session.withheld()) {
            remove(session);
            return 0;
        }
        return id;
    }

    /** NumIncrementalFetchSessions. */
    public synchronized int sessionCount() {
        return sessions.size();
    }

    /** NumIncrementalFetchPartitionsCached. */
    public synchronized long partitionCount() {
        return cachedPartitions;
    }

    /** Sessions evicted so far (IncrementalFetchSessionEvictionsPerSec counts these). */
    public synchronized long evictions() {
        return evictions;
    }

    /** Incremental fetches served by a session so far. */
    public synchronized long incrementalFetches() {
        return incrementalFetches;
    }

    private boolean tryEvict(int size, long now) {
        if (lastUsed.isEmpty()) {
            return false;
        }
        FetchSession stalest = lastUsed.first();
        if (now - stalest.lastUsedMs() > evictionMs) {
            evict(stalest);
            return true;
        }
        refreshEvictable(now);
        if (evictable.isEmpty() || size < evictable.first().indexedSize) {
            return false;
        }
        evict(evictable.first());
        return true;
    }

    /** Sessions become evictable by size once older than the eviction time, even if not touched since. */
    private void refreshEvictable(long now) {
        for (FetchSession s : sessions.values()) {
            if (now - s.createdMs() > evictionMs && !evictable.contains(s)) {
                evictable.add(s);
            }
        }
    }

    private void evict(FetchSession session) {
        remove(session);
        evictions++;
    }

    private void touch(FetchSession session, long now) {
        lastUsed.remove(session);
        session.lastUsedMs(now);
        lastUsed.add(session);
        if (session.indexedSize >= 0) {
            evictable.remove(session);
            cachedPartitions -= session.indexedSize;
        }
        session.indexedSize = session.size();
        cachedPartitions += session.indexedSize;
        if (now - session.createdMs() > evictionMs) {
            evictable.add(session);
        }
    }

    private void remove(FetchSession session) {
        sessions.remove(session.id());
        lastUsed.remove(session);
        evictable.remove(session);
        if (session.indexedSize >= 0) {
            cachedPartitions -= session.indexedSize;
            session.indexedSize = -1;
        }
    }

    private int newId() {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        return id;
    }
}
