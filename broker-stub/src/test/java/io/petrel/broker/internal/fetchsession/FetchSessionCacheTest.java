package io.petrel.broker.internal.fetchsession;

import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class FetchSessionCacheTest {
    private static final UUID TOPIC = new UUID(7, 9);
    private static final long EVICTION = FetchSessionCache.EVICTION_MS;

    private final AtomicLong now = new AtomicLong(1_000);

    private FetchSessionCache cache(int slots, int maxPartitions) {
        return new FetchSessionCache(slots, EVICTION, maxPartitions, now::get);
    }

    private static PartitionRequest asked(int partition, long offset) {
        return new PartitionRequest(SessionPartition.byId(TOPIC, partition), offset, 1 << 20, -1);
    }

    private static List<PartitionRequest> partitions(int count) {
        List<PartitionRequest> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(asked(i, 0));
        }
        return all;
    }

    private static List<PartitionAnswer> quiet(int count) {
        List<PartitionAnswer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new PartitionAnswer((short) 0, 10, 10, 0, 0));
        }
        return all;
    }

    private static int create(FetchSessionCache cache, int size) {
        return cache.create(true, partitions(size), quiet(size));
    }

    @Test
    void aFullCacheRefusesNewSessionsUntilOneIsStale() {
        FetchSessionCache cache = cache(2, 1000);
        int a = create(cache, 2);
        now.addAndGet(10);
        int b = create(cache, 2);
        assertNotEquals(0, a);
        assertNotEquals(0, b);
        now.addAndGet(1_000);
        assertEquals(0, create(cache, 5), "no free slot and no session is stale or old enough to evict");
        assertEquals(2, cache.sessionCount());

        now.set(1_000 + EVICTION + 1);
        int c = create(cache, 1);
        assertNotEquals(0, c, "the session unused for longer than the eviction time gives way");
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, cache.incremental(a, 1, true, List.of(), List.of()).error(),
                "the least recently used session went");
        assertEquals(ErrorCode.NONE, cache.incremental(b, 1, true, List.of(), List.of()).error());
        assertEquals(1, cache.evictions());
        assertEquals(3, cache.partitionCount());
    }

    @Test
    void anOldSessionGivesWayOnlyToOneAtLeastAsLarge() {
        FetchSessionCache cache = cache(2, 1000);
        int small = create(cache, 1);
        int large = create(cache, 3);
        now.addAndGet(EVICTION - 1_000);
        cache.incremental(small, 1, true, List.of(), List.of());
        cache.incremental(large, 1, true, List.of(), List.of());
        now.addAndGet(2_000);
        // Both exist for longer than the eviction time, and both were used 1 s ago: neither is stale.
        assertEquals(0, create(cache, 0), "a new session smaller than every old one evicts none");
        int newcomer = create(cache, 2);
        assertNotEquals(0, newcomer);
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
                cache.incremental(small, 2, true, List.of(), List.of()).error(), "the smallest old session went");
        assertEquals(ErrorCode.NONE, cache.incremental(large, 2, true, List.of(), List.of()).error());
        assertEquals(1, cache.evictions());
    }

    @Test
    void aYoungSessionIsNotEvictedBySize() {
        FetchSessionCache cache = cache(1, 1000);
        create(cache, 1);
        now.addAndGet(EVICTION / 2);
        assertEquals(0, create(cache, 100));
        assertEquals(1, cache.sessionCount());
    }

    @Test
    void incrementalFetchesCheckIdEpochAndTopicNaming() {
        FetchSessionCache cache = cache(10, 1000);
        int id = create(cache, 2);
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
                cache.incremental(id + 1, 1, true, List.of(), List.of()).error());
        assertEquals(ErrorCode.INVALID_FETCH_SESSION_EPOCH, cache.incremental(id, 2, true, List.of(), List.of()).error());
        assertEquals(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR,
                cache.incremental(id, 1, false, List.of(), List.of()).error());
        FetchSessionCache.Incremental ok = cache.incremental(id, 1, true, List.of(), List.of());
        assertEquals(ErrorCode.NONE, ok.error());
        assertEquals(2, ok.session().epoch());
        assertEquals(ErrorCode.INVALID_FETCH_SESSION_EPOCH, cache.incremental(id, 1, true, List.of(), List.of()).error(),
                "an epoch is good once");
        assertEquals(ErrorCode.NONE, cache.incremental(id, 2, true, List.of(), List.of()).error());
        assertEquals(1, FetchSession.nextEpoch(Integer.MAX_VALUE), "epochs wrap to 1, never to 0");
    }

    @Test
    void incrementalFetchesAddAlterAndForgetPartitions() {
        FetchSessionCache cache = cache(10, 1000);
        int id = create(cache, 2);
        FetchSession session = cache.incremental(id, 1, true, List.of(asked(1, 50), asked(5, 7)),
                List.of(SessionPartition.byId(TOPIC, 0))).session();
        assertEquals(List.of(asked(1, 50), asked(5, 7)), session.partitions().stream().map(CachedPartition::request).toList());
        assertEquals(2, cache.partitionCount());

        FetchSessionCache.Incremental emptied = cache.incremental(id, 2, true, List.of(),
                List.of(SessionPartition.byId(TOPIC, 1), SessionPartition.byId(TOPIC, 5)));
        assertEquals(ErrorCode.NONE, emptied.error());
        assertNull(emptied.session(), "a session left without partitions is closed");
        assertEquals(0, cache.sessionCount());
        assertEquals(0, cache.partitionCount());
    }

    @Test
    void cachedPartitionsAreBoundedWhateverClientsSend() {
        FetchSessionCache cache = cache(10, 3);
        int id = create(cache, 2);
        assertEquals(0, create(cache, 2), "a session that would pass the bound is not created");
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
                cache.incremental(id, 1, true, List.of(asked(7, 0), asked(8, 0)), List.of()).error());
        assertEquals(0, cache.sessionCount(), "the session that would have grown past the bound is dropped");
        assertEquals(0, cache.partitionCount());
        assertNotEquals(0, create(cache, 3));
    }

    @Test
    void zeroSlotsKeepNoSession() {
        assertEquals(0, create(cache(0, 1000), 1));
    }

    @Test
    void responsesCarryOnlyWhatChangedAndAWithheldResponseIsTakenBack() {
        FetchSessionCache cache = cache(10, 1000);
        int id = create(cache, 4);
        FetchSession session = cache.incremental(id, 1, true, List.of(), List.of()).session();
        List<CachedPartition> read = session.partitions();
        List<PartitionAnswer> answers = List.of(
                new PartitionAnswer((short) 0, 10, 10, 0, 0),        // as told
                new PartitionAnswer((short) 0, 12, 10, 0, 0),        // high watermark moved
                new PartitionAnswer((short) 0, 10, 10, 0, 300),      // records
                new PartitionAnswer((short) 0, 10, 10, 4, 0));       // log start moved
        assertArrayEquals(new boolean[] {false, true, true, true}, session.answer(read, answers));
        assertEquals(List.of(0, 1, 3, 2), session.partitions().stream().map(p -> p.partition().partition()).toList(),
                "a partition that returned records goes to the back of the read order");
        assertArrayEquals(new boolean[] {false, false, true, false}, session.answer(read, answers),
                "told once, metadata is not repeated; records always are");

        List<PartitionAnswer> errors = List.of(
                new PartitionAnswer((short) 0, 10, 10, 0, 0),
                new PartitionAnswer((short) 0, 12, 11, 0, 0),        // last stable offset moved
                new PartitionAnswer((short) 0, 10, 10, 0, 0),
                new PartitionAnswer(ErrorCode.NOT_LEADER_OR_FOLLOWER.code(), 10, 10, 4, 0));
        assertArrayEquals(new boolean[] {false, true, false, true}, session.answer(read, errors));
        assertEquals(id, cache.withheld(id), "a withheld incremental answer keeps its session");
        assertArrayEquals(new boolean[] {false, true, false, true}, session.answer(read, errors),
                "what the withheld answer carried is answered again");
        assertArrayEquals(new boolean[] {false, false, false, true}, session.answer(read, quietAfterError()),
                "after an error the partition is answered again even if its offsets are as before");
    }

    private static List<PartitionAnswer> quietAfterError() {
        return List.of(new PartitionAnswer((short) 0, 10, 10, 0, 0), new PartitionAnswer((short) 0, 12, 11, 0, 0),
                new PartitionAnswer((short) 0, 10, 10, 0, 0), new PartitionAnswer((short) 0, 10, 10, 4, 0));
    }

    @Test
    void aWithheldResponseThatCreatedItsSessionClosesIt() {
        FetchSessionCache cache = cache(10, 1000);
        int id = create(cache, 2);
        assertEquals(0, cache.withheld(id));
        assertEquals(0, cache.sessionCount());
        assertEquals(0, cache.partitionCount());
        int other = create(cache, 1);
        assertSame(ErrorCode.NONE, cache.incremental(other, 1, true, List.of(), List.of()).error());
    }
}
