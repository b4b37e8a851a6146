package io.petrel.consumer.internal;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.compression.CompressionType;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.consumer.LogTruncationException;
import io.petrel.consumer.OffsetOutOfRangeException;
import io.petrel.consumer.RecordDeserializationException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.serializers.SerializationException;
import io.petrel.serializers.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fetch path against a scripted network: decoding, limits, errors and leader moves. */
class FetcherTest {
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final short FETCH_VERSION = 13;

    private final ScriptedNetwork network = ScriptedNetwork.onIoThread();
    private final PartitionLogs logs = new PartitionLogs(network);
    private PetrelConsumer<String, String> consumer;

    private PetrelConsumer<String, String> consumer(Map<String, Object> extra) {
        return consumer(extra, new StringDeserializer());
    }

    private PetrelConsumer<String, String> consumer(Map<String, Object> extra, StringDeserializer values) {
        network.metadata().topic(TOPIC, 2, 0);
        network.handle(ApiKey.FETCH, FETCH_VERSION, logs.fetchHandler())
                .handle(ApiKey.LIST_OFFSETS, (short) 9, logs.listOffsetsHandler())
                .handle(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4, logs.offsetForLeaderEpochHandler());
        Map<String, Object> configs = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092",
                "auto.offset.reset", "earliest", "retry.backoff.ms", 10));
        configs.putAll(extra);
        consumer = PetrelConsumer.create(configs, new StringDeserializer(), values, Time.SYSTEM, network);
        return consumer;
    }

    @AfterEach
    void close() {
        if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
    }

    private static List<String> readValues(PetrelConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private static List<String> expected(String prefix, long from, long to) {
        List<String> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    @Test
    void batchesInEveryCodecAreReadInOrder() {
        for (CompressionType codec : CompressionType.values()) {
            logs.append(P0, codec, 100, "v");
        }
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        assertEquals(expected("v", 0, 500), readValues(c, 500));
        assertEquals(500, c.position(P0));
    }

    @Test
    void aPollReturnsAtMostMaxPollRecords() {
        logs.append(P0, CompressionType.LZ4, 30, "a");
        logs.append(P1, CompressionType.NONE, 30, "b");
        PetrelConsumer<String, String> c = consumer(Map.of("max.poll.records", 7));
        c.assign(List.of(P0, P1));
        int total = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (total < 60 && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(100));
            assertTrue(records.count() <= 7, () -> "a poll returned " + records.count() + " records");
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, String>> list = records.records(tp);
                for (int i = 1; i < list.size(); i++) {
                    assertEquals(list.get(i - 1).offset() + 1, list.get(i).offset(), "offsets in order within a partition");
                }
            }
            total += records.count();
        }
        assertEquals(60, total);
    }

    @Test
    void controlBatchesAreSkippedAndThePositionMovesPastThem() {
        logs.append(P0, CompressionType.NONE, 5, "v");
        logs.appendControl(P0);
        logs.append(P0, CompressionType.SNAPPY, 4, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        List<String> values = readValues(c, 9);
        List<String> want = expected("v", 0, 5);
        want.addAll(expected("v", 6, 10));
        assertEquals(want, values);
        assertEquals(10, c.position(P0));
    }

    @Test
    void recordsBeforeTheSeekOffsetInsideTheFirstBatchAreSkipped() {
        logs.append(P0, CompressionType.ZSTD, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        c.seek(P0, 6);
        assertEquals(expected("v", 6, 10), readValues(c, 4));
    }

    @Test
    void anOutOfRangePositionIsResetByAutoOffsetReset() {
        logs.append(P0, CompressionType.GZIP, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        c.seek(P0, 1_000);
        assertEquals(expected("v", 0, 10), readValues(c, 10));
    }

    @Test
    void anOutOfRangePositionWithoutAResetPolicyFails() {
        logs.append(P0, CompressionType.NONE, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of("auto.offset.reset", "none"));
        c.assign(List.of(P0));
        c.seek(P0, 1_000);
        OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class, () -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100));
            }
        });
        assertEquals(Map.of(P0, 1_000L), e.offsetOutOfRangePartitions());
    }

    @Test
    void aLeaderMoveIsFollowedAfterNotLeaderOrFollower() {
        logs.append(P0, CompressionType.NONE, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        assertEquals(expected("v", 0, 10), readValues(c, 10));
        network.metadata().moveLeaderOnNextUpdate(P0, 1);
        // The old leader now refuses (the fake moves leadership only on the next metadata update, which
        // the consumer must ask for after NOT_LEADER_OR_FOLLOWER).
        network.metadata().leaderRefusesBeforeUpdate(P0);
        logs.append(P0, CompressionType.NONE, 10, "v");
        assertEquals(expected("v", 10, 20), readValues(c, 10));
        List<ScriptedNetwork.Exchange> fetches = network.sent(ApiKey.FETCH);
        assertEquals(1, fetches.get(fetches.size() - 1).node(), "the last fetch went to the new leader");
        assertTrue(network.metadata().updates() > 0, "a metadata update was requested");
        List<ScriptedNetwork.Exchange> validations = network.sent(ApiKey.OFFSET_FOR_LEADER_EPOCH);
        assertEquals(1, validations.size(), "the position was validated once with the new leader");
        assertEquals(1, validations.get(0).node());
    }

    @Test
    void aLeaderNamedByTheRefusingBrokerIsFollowedWithoutAMetadataRefresh() {
        logs.append(P0, CompressionType.NONE, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        c.assign(List.of(P0));
        assertEquals(expected("v", 0, 10), readValues(c, 10));
        logs.refuseWithLeaderHint(P0, 1, 1);
        logs.append(P0, CompressionType.NONE, 10, "v");
        assertEquals(expected("v", 10, 20), readValues(c, 10));
        List<ScriptedNetwork.Exchange> fetches = network.sent(ApiKey.FETCH);
        assertEquals(1, fetches.get(fetches.size() - 1).node(), "the last fetch went to the hinted leader");
        assertEquals(1, network.metadata().leaderHints(), "the hint moved the leader");
        assertEquals(0, network.metadata().updates(), "no metadata refresh was needed");
        assertEquals(1, network.sent(ApiKey.OFFSET_FOR_LEADER_EPOCH).get(0).node(), "validated with the new leader");
    }

    /** Offsets 0-9 read under epoch 0; then node 1 leads at epoch 1 with only 0-4 of them, and 5-7 written anew. */
    private PetrelConsumer<String, String> truncatedUnderTheConsumer(String reset) {
        logs.append(P0, CompressionType.NONE, 5, "v");
        logs.append(P0, CompressionType.NONE, 5, "v");
        PetrelConsumer<String, String> c = consumer(Map.of("auto.offset.reset", reset));
        c.assign(List.of(P0));
        c.seek(P0, 0);
        assertEquals(expected("v", 0, 10), readValues(c, 10));
        logs.truncateTo(P0, 5);
        logs.append(P0, CompressionType.NONE, 3, "w", 1);
        network.metadata().moveLeaderOnNextUpdate(P0, 1);
        network.metadata().requestUpdate();
        return c;
    }

    @Test
    void aTruncatedLogIsALogTruncationExceptionWithoutAResetPolicy() {
        PetrelConsumer<String, String> c = truncatedUnderTheConsumer("none");
        LogTruncationException e = assertThrows(LogTruncationException.class, () -> readValues(c, 1));
        assertEquals(Map.of(P0, 10L), e.offsetOutOfRangePartitions(), "the fetch position");
        assertEquals(Map.of(P0, new OffsetAndMetadata(5, Optional.of(0), "")), e.divergentOffsets(),
                "epoch 0 ends at offset 5 on the new leader");
        assertTrue(e.getMessage().contains("partition t-0 at fetch position 10 (leader epoch 0) diverges from the log"
                + " at offset 5 (leader epoch 0)"), e.getMessage());
        assertThrows(LogTruncationException.class, () -> readValues(c, 1), "thrown again until the application seeks");
        c.seek(P0, e.divergentOffsets().get(P0));
        assertEquals(expected("w", 5, 8), readValues(c, 3), "read on from the divergent offset");
    }

    @Test
    void withAResetPolicyATruncatedLogIsReadOnFromTheDivergentOffset() {
        PetrelConsumer<String, String> c = truncatedUnderTheConsumer("earliest");
        assertEquals(expected("w", 5, 8), readValues(c, 3), "as kafka-clients: the first offset known to diverge");
        assertEquals(8, c.position(P0));
    }

    @Test
    void aSeekWithAnEpochIsValidatedBeforeFetching() {
        logs.append(P0, CompressionType.NONE, 5, "v");
        logs.append(P0, CompressionType.NONE, 3, "w", 1);
        PetrelConsumer<String, String> c = consumer(Map.of("auto.offset.reset", "none"));
        c.assign(List.of(P0));
        c.seek(P0, new OffsetAndMetadata(7, Optional.of(0), ""));
        LogTruncationException e = assertThrows(LogTruncationException.class, () -> readValues(c, 1));
        assertEquals(Map.of(P0, new OffsetAndMetadata(5, Optional.of(0), "")), e.divergentOffsets());
        assertEquals(List.of(), network.sent(ApiKey.FETCH), "nothing was fetched from the unvalidated position");
        c.seek(P0, new OffsetAndMetadata(6, Optional.of(1), ""));
        assertEquals(List.of("w-6", "w-7"), readValues(c, 2), "a position valid for its epoch is fetched");
    }

    @Test
    void aDivergingEpochInAFetchResponseIsATruncation() {
        logs.append(P0, CompressionType.NONE, 10, "v");
        PetrelConsumer<String, String> c = consumer(Map.of("auto.offset.reset", "none"));
        c.assign(List.of(P0));
        c.seek(P0, 0);
        assertEquals(expected("v", 0, 10), readValues(c, 10));
        logs.divergeOnce(P0, 0, 4);
        LogTruncationException e = assertThrows(LogTruncationException.class, () -> readValues(c, 1));
        assertEquals(Map.of(P0, new OffsetAndMetadata(4, Optional.of(0), "")), e.divergentOffsets());
    }

    @Test
    void readCommittedIsSentAsIsolationLevelOne() {
        logs.append(P0, CompressionType.NONE, 1, "v");
        PetrelConsumer<String, String> c = consumer(Map.of("isolation.level", "read_committed"));
        c.assign(List.of(P0));
        readValues(c, 1);
        assertEquals((byte) 1, network.sent(ApiKey.FETCH).get(0).request().get(FetchRequest.ISOLATION_LEVEL));
    }

    @Test
    void aBadRecordStopsThePollAfterTheRecordsBeforeIt() {
        logs.append(P0, CompressionType.LZ4, 6, "v");
        StringDeserializer strict = new StringDeserializer() {
            @Override
            public String deserialize(String topic, byte[] data) {
                String value = super.deserialize(topic, data);
                if (value.equals("v-3")) {
                    throw new SerializationException("bad " + value);
                }
                return value;
            }
        };
        PetrelConsumer<String, String> c = consumer(Map.of(), strict);
        c.assign(List.of(P0));
        List<String> before = readValues(c, 3);
        assertEquals(expected("v", 0, 3), before);
        RecordDeserializationException e = assertThrows(RecordDeserializationException.class,
                () -> c.poll(Duration.ofSeconds(5)));
        assertEquals(3, e.offset());
        assertEquals(P0, e.topicPartition());
        assertEquals(3, c.position(P0));
        c.seek(P0, 4);
        assertEquals(expected("v", 4, 6), readValues(c, 2));
    }

    @Test
    void theNextFetchIsInFlightWhileTheApplicationProcessesThePoll() throws Exception {
        for (int i = 0; i < 3; i++) {
            logs.append(P0, CompressionType.NONE, 300, "v");
        }
        logs.maxBatchesPerFetch(1);
        java.util.concurrent.CountDownLatch secondFetch = new java.util.concurrent.CountDownLatch(1);
        PetrelConsumer<String, String> c = consumer(Map.of("max.poll.records", 100));
        ScriptedNetwork.Handler plain = logs.fetchHandler();
        network.handle(ApiKey.FETCH, FETCH_VERSION, (node, request) -> {
            long offset = request.get(FetchRequest.TOPICS).get(0).get(FetchRequest.FetchTopic.PARTITIONS).get(0)
                    .get(FetchRequest.FetchPartition.FETCH_OFFSET);
            if (offset == 300) {
                secondFetch.countDown();
            }
            return plain.answer(node, request);
        });
        c.assign(List.of(P0));
        ConsumerRecords<String, String> first = ConsumerRecords.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (first.isEmpty() && System.nanoTime() < deadline) {
            first = c.poll(Duration.ofMillis(100));
        }
        assertEquals(100, first.count());
        // No further poll: the fetch of the next batch goes out while 200 records are still buffered.
        assertTrue(secondFetch.await(5, java.util.concurrent.TimeUnit.SECONDS),
                "the next fetch was sent without waiting for the buffer to drain");
        assertEquals(expected("v", 100, 900), readValues(c, 800));
    }

    /**
     * The offsets one ListOffsets response lists are applied together, so the fetch the application thread plans
     * meanwhile names every partition of the response or none: applied one by one while the application thread
     * planned the first fetch, 1 in 6 consumers of 300 partitions sent a first fetch naming only some of them (17 of
     * 300 in an interop run against Kafka), and the fetch session's full fetch then lacked the rest. A race, so it is
     * run by many consumers.
     */
    @Test
    void theFirstFetchNamesEveryPartitionWhosePositionOneListOffsetsResponseGave() {
        int partitions = 300;
        for (int consumerNo = 0; consumerNo < 30; consumerNo++) {
            ScriptedNetwork own = ScriptedNetwork.onIoThread();
            PartitionLogs ownLogs = new PartitionLogs(own);
            own.metadata().topic(TOPIC, partitions, 0);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(TOPIC, p));
                ownLogs.append(all.get(p), CompressionType.NONE, 1, "v");
            }
            own.handle(ApiKey.FETCH, FETCH_VERSION, ownLogs.fetchHandler())
                    .handle(ApiKey.LIST_OFFSETS, (short) 9, ownLogs.listOffsetsHandler());
            try (PetrelConsumer<String, String> c = PetrelConsumer.create(Map.of("bootstrap.servers", "localhost:9092",
                    "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer(), Time.SYSTEM,
                    own)) {
                c.assign(all);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (own.sent(ApiKey.FETCH).isEmpty() && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(10));
                }
                assertEquals(1, own.sent(ApiKey.LIST_OFFSETS).size(), "one ListOffsets request positioned them all");
                int named = 0;
                for (var topic : own.sent(ApiKey.FETCH).get(0).request().get(FetchRequest.TOPICS)) {
                    named += topic.get(FetchRequest.FetchTopic.PARTITIONS).size();
                }
                assertEquals(partitions, named, "partitions the first fetch of consumer " + consumerNo + " names");
            }
        }
    }

    /**
     * A response the consumer cannot take in (here a record batch with an unknown magic, as a corrupted log would
     * give) is logged and fetched again; before, the exception vanished in the response's future, the broker stayed
     * "in flight" and nothing was fetched from it again.
     */
    @Test
    void aResponseThatCannotBeTakenInIsFetchedAgain() {
        assertFetchedAgainAfterTheFirstAnswerIs(answer -> {
            var partition = answer.get(FetchResponse.RESPONSES).get(0).get(FetchResponse.FetchableTopicResponse.PARTITIONS)
                    .get(0);
            java.nio.ByteBuffer records = partition.get(FetchResponse.PartitionData.RECORDS).duplicate();
            java.nio.ByteBuffer bad = java.nio.ByteBuffer.allocate(records.remaining()).put(records).flip();
            bad.put(16, (byte) 7); // the batch's magic byte
            partition.set(FetchResponse.PartitionData.RECORDS, bad);
        });
    }

    /**
     * A LinkageError while taking in a response (a class missing or changed, as modules of two Petrel versions on
     * one class path give) is handled as a bad response: logged, and the partition fetched again, not left in flight.
     */
    @Test
    void aLinkageErrorWhileTakingInAResponseIsFetchedAgain() {
        assertFetchedAgainAfterTheFirstAnswerIs(answer -> answer.set(FetchResponse.RESPONSES,
                new java.util.AbstractList<>() {
                    @Override
                    public io.petrel.protocol.Message get(int index) {
                        throw new NoClassDefFoundError("io/petrel/protocol/SomethingRenamed");
                    }

                    @Override
                    public int size() {
                        return 1;
                    }
                }));
    }

    /** The first fetch answer is spoiled by {@code spoil}; the 5 records must still all be read, by a later fetch. */
    private void assertFetchedAgainAfterTheFirstAnswerIs(java.util.function.Consumer<io.petrel.protocol.Message> spoil) {
        logs.append(P0, CompressionType.NONE, 5, "v");
        PetrelConsumer<String, String> c = consumer(Map.of());
        ScriptedNetwork.Handler plain = logs.fetchHandler();
        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        network.handle(ApiKey.FETCH, FETCH_VERSION, (node, request) -> {
            var answer = plain.answer(node, request);
            if (answer != null && answers.getAndIncrement() == 0) {
                spoil.accept(answer);
            }
            return answer;
        });
        c.assign(List.of(P0));
        assertEquals(expected("v", 0, 5), readValues(c, 5));
        assertTrue(answers.get() >= 2, "fetched again after the answer it could not take in");
    }
}
