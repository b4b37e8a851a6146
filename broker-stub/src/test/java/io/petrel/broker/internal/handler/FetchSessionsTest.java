package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.handler.Requests.FetchTarget;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchRequest.ForgottenTopic;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FetchResponse.FetchableTopicResponse;
import io.petrel.protocol.schemas.FetchResponse.PartitionData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetch sessions (KIP-227) through the Fetch handler: full fetches open them, incremental ones carry only changes. */
class FetchSessionsTest {
    private static final short V = 16;
    private static final short BY_NAME_V = 12;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private HandlerFixture fx;
    private Topic topic;

    private void start(Consumer<io.petrel.broker.BrokerConfig.Builder> configure) throws Exception {
        fx = new HandlerFixture(dir, configure);
        topic = fx.topics.create("events", 4, Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private FetchTarget at(int partition, long offset) {
        return new FetchTarget("events", topic.id(), partition, offset, 1 << 20);
    }

    private Message fetch(short version, int sessionId, int epoch, List<Integer> forgotten, FetchTarget... targets) {
        Message request = Requests.fetch(0, 0, 1 << 20, targets)
                .set(FetchRequest.SESSION_ID, sessionId)
                .set(FetchRequest.SESSION_EPOCH, epoch);
        if (!forgotten.isEmpty()) {
            request.set(FetchRequest.FORGOTTEN_TOPICS_DATA, new ArrayList<>(List.of(Message.of(ForgottenTopic.SCHEMA)
                    .set(ForgottenTopic.TOPIC, "events").set(ForgottenTopic.TOPIC_ID, topic.id())
                    .set(ForgottenTopic.PARTITIONS, forgotten))));
        }
        Message body = fx.call(ApiKey.FETCH, version, request);
        HandlerFixture.parseWithKafka(ApiKey.FETCH, body, version);
        return FetchResponse.SCHEMA.read(HandlerFixture.encode(ApiKey.FETCH, body, version), version);
    }

    private Message fetch(int sessionId, int epoch, FetchTarget... targets) {
        return fetch(V, sessionId, epoch, List.of(), targets);
    }

    /** Partition index to the number of records it carried, for every partition in the response. */
    private static Map<Integer, Integer> carried(Message response) {
        Map<Integer, Integer> carried = new TreeMap<>();
        for (Message t : response.get(FetchResponse.RESPONSES)) {
            for (Message p : t.get(FetchableTopicResponse.PARTITIONS)) {
                ByteBuffer records = p.get(PartitionData.RECORDS);
                int count = 0;
                if (records != null) {
                    for (var batch : RecordBatches.of(records)) {
                        count += batch.recordCount();
                    }
                }
                carried.put(p.get(PartitionData.PARTITION_INDEX), count);
            }
        }
        return carried;
    }

    private void produce(int partition, int records) {
        fx.call(ApiKey.PRODUCE, (short) 11, Requests.produce((short) 1, "events", topic.id(), partition,
                HandlerFixture.batch(records, T0)));
    }

    private FetchSessionCacheView sessions() {
        return new FetchSessionCacheView(fx.dataPlane.fetchSessions().sessionCount(),
                fx.dataPlane.fetchSessions().partitionCount());
    }

    private record FetchSessionCacheView(int sessions, long partitions) {
    }

    @Test
    void aFullFetchOpensASessionAndIncrementalFetchesCarryOnlyWhatChanged() throws Exception {
        start(b -> { });
        produce(2, 3);
        Message full = fetch(0, 0, at(0, 0), at(1, 0), at(2, 0), at(3, 0));
        int id = full.get(FetchResponse.SESSION_ID);
        assertNotEquals(0, id);
        assertEquals(Map.of(0, 0, 1, 0, 2, 3, 3, 0), carried(full), "a full fetch answers every partition");
        assertEquals(new FetchSessionCacheView(1, 4), sessions());

        Message nothing = fetch(id, 1, at(2, 3));
        assertEquals(id, nothing.get(FetchResponse.SESSION_ID));
        assertEquals(Map.of(), carried(nothing), "nothing new: no partition in the response");

        produce(1, 2);
        Message one = fetch(id, 2);
        assertEquals(Map.of(1, 2), carried(one), "only the partition with new records, read from its cached offset");
        Message p1 = one.get(FetchResponse.RESPONSES).get(0).get(FetchableTopicResponse.PARTITIONS).get(0);
        assertEquals(2L, p1.get(PartitionData.HIGH_WATERMARK));

        Message again = fetch(id, 3);
        assertEquals(Map.of(1, 2), carried(again), "records are sent again while the client has not moved on");
        assertEquals(Map.of(), carried(fetch(id, 4, at(1, 2))), "once it moved on, nothing changed");

        Message stale = fetch(id, 4);
        assertEquals(ErrorCode.INVALID_FETCH_SESSION_EPOCH.code(), stale.get(FetchResponse.ERROR_CODE));
        assertTrue(stale.get(FetchResponse.RESPONSES).isEmpty());
        assertEquals(0, stale.get(FetchResponse.SESSION_ID));
    }

    @Test
    void incrementalFetchesAddAndForgetPartitions() throws Exception {
        start(b -> { });
        int id = fetch(0, 0, at(0, 0)).get(FetchResponse.SESSION_ID);
        produce(0, 1);
        produce(3, 4);
        Message added = fetch(V, id, 1, List.of(0), at(3, 0));
        assertEquals(Map.of(3, 4), carried(added), "p3 is added and answered; p0 is forgotten though it has records");
        assertEquals(new FetchSessionCacheView(1, 1), sessions());

        Message emptied = fetch(V, id, 2, List.of(3));
        assertEquals(0, emptied.get(FetchResponse.SESSION_ID), "a session left without partitions is closed");
        assertEquals(new FetchSessionCacheView(0, 0), sessions());
    }

    @Test
    void aFullFetchNamingASessionClosesIt() throws Exception {
        start(b -> { });
        int id = fetch(0, 0, at(0, 0)).get(FetchResponse.SESSION_ID);
        Message closing = fetch(id, -1);
        assertEquals(0, closing.get(FetchResponse.SESSION_ID));
        assertEquals(new FetchSessionCacheView(0, 0), sessions());
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code(), fetch(id, 1).get(FetchResponse.ERROR_CODE));

        int first = fetch(0, 0, at(0, 0)).get(FetchResponse.SESSION_ID);
        int second = fetch(first, 0, at(0, 0), at(1, 0)).get(FetchResponse.SESSION_ID);
        assertNotEquals(first, second, "epoch 0 with a session id closes that session and opens another");
        assertEquals(new FetchSessionCacheView(1, 2), sessions());
    }

    @Test
    void sessionsByTopicNameBelowVersion13AndNoMixing() throws Exception {
        start(b -> { });
        int id = fetch(BY_NAME_V, 0, 0, List.of(), at(0, 0), at(1, 0)).get(FetchResponse.SESSION_ID);
        assertNotEquals(0, id);
        produce(1, 2);
        Message byName = fetch(BY_NAME_V, id, 1, List.of(0));
        assertEquals(Map.of(1, 2), carried(byName));
        assertEquals("events", byName.get(FetchResponse.RESPONSES).get(0).get(FetchableTopicResponse.TOPIC));
        assertEquals(ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR.code(), fetch(id, 2).get(FetchResponse.ERROR_CODE),
                "a session opened by name cannot go on by topic id");
    }

    @Test
    void noSlotsMeansEveryFetchIsFull() throws Exception {
        start(b -> b.fetchSessionCacheSlots(0));
        Message full = fetch(0, 0, at(0, 0), at(1, 0));
        assertEquals(0, full.get(FetchResponse.SESSION_ID));
        assertEquals(2, carried(full).size());
    }

    @Test
    void aWithheldResponseIsTakenBackFromItsSession() throws Exception {
        start(b -> { });
        FetchHandler handler = (FetchHandler) fx.handler(ApiKey.FETCH);
        Message created = fx.call(ApiKey.FETCH, V, Requests.fetch(0, 0, 1 << 20, at(0, 0))
                .set(FetchRequest.SESSION_EPOCH, 0));
        Message throttled = handler.withheld(created, 250);
        assertEquals(0, throttled.get(FetchResponse.SESSION_ID), "no session for a throttled full fetch, as Kafka");
        assertEquals(250, throttled.get(FetchResponse.THROTTLE_TIME_MS));
        assertEquals(new FetchSessionCacheView(0, 0), sessions());

        int id = fetch(0, 0, at(0, 0), at(1, 0)).get(FetchResponse.SESSION_ID);
        produce(1, 2);
        Message answered = fx.call(ApiKey.FETCH, V, Requests.fetch(0, 0, 1 << 20)
                .set(FetchRequest.SESSION_ID, id).set(FetchRequest.SESSION_EPOCH, 1));
        assertEquals(Map.of(1, 2), carried(FetchResponse.SCHEMA.read(HandlerFixture.encode(ApiKey.FETCH, answered, V), V)));
        assertEquals(id, handler.withheld(answered, 100).get(FetchResponse.SESSION_ID));
        assertEquals(Map.of(1, 2), carried(fetch(id, 2)), "what was withheld is answered again");
    }
}
