package io.petrel.consumer;

import io.petrel.client.PartitionInfo;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.protocol.record.TimestampType;
import io.petrel.serializers.ByteArrayDeserializer;
import io.petrel.serializers.ByteBufferDeserializer;
import io.petrel.serializers.Header;
import io.petrel.serializers.SerializationException;
import io.petrel.serializers.StringDeserializer;
import io.petrel.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the consumer must do against any Kafka-protocol broker. A subclass says where the broker is:
 * {@link ConsumerOnBrokerStubTest} runs it on Petrel's broker-stub; interop-tests runs it on a real Apache Kafka.
 * Records are written by kafka-clients' producer ({@link KafkaTopics}), so Petrel reads what Kafka's own client
 * encoded. Nothing here sleeps: tests poll until a condition holds or a deadline passes.
 */
public abstract class ConsumerContract {
    /** The five codecs the million-record test writes with, one topic each. */
    protected static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SHORT_POLL = Duration.ofMillis(100);

    private KafkaTopics kafka;

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    /**
     * Settings, in Kafka's client keys, that every client of a test gets besides {@code bootstrap.servers}:
     * Petrel's consumer and kafka-clients' Admin and producer alike. A secured broker's subclass gives its
     * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} here; none by default.
     */
    protected Map<String, String> clientConfig() {
        return Map.of();
    }

    /**
     * Records per codec in {@link #aMillionRecordsInEveryCodecComeBackOnceEachAndInOrder}: {@code
     * consumer.records.per.codec}, 20,000 by default (100,000 in all, the size every build reads); the root pom's
     * {@code campaigns} profile sets 200,000, a million in all.
     */
    protected int recordsPerCodec() {
        return Integer.getInteger("consumer.records.per.codec", 20_000);
    }

    @BeforeEach
    void connectKafkaClients() {
        kafka = new KafkaTopics(bootstrapServers(), clientConfig());
    }

    @AfterEach
    void closeKafkaClients() {
        kafka.close();
    }

    protected KafkaTopics kafka() {
        return kafka;
    }

    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ConsumerBuilder<String, String> strings() {
        return Consumer.builder(new StringDeserializer(), new StringDeserializer()).bootstrapServers(bootstrapServers())
                .configs(clientConfig());
    }

    protected ConsumerBuilder<byte[], byte[]> bytes() {
        return Consumer.builder(new ByteArrayDeserializer(), new ByteArrayDeserializer()).bootstrapServers(bootstrapServers())
                .configs(clientConfig());
    }

    /** A topic with {@code partitions} partitions. */
    private String topic(String name, int partitions) {
        String topic = unique(name);
        kafka.create(topic, partitions);
        return topic;
    }

    /** Polls until {@code done} holds for everything read so far; fails with what was read at the deadline. */
    protected static <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer, String what,
                                                                 Predicate<List<ConsumerRecord<K, V>>> done) {
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.test(read)) {
            if (System.nanoTime() - deadline > 0) {
                fail("Gave up after " + WAIT.toSeconds() + " s waiting for " + what + "; read " + read.size()
                        + " records: " + describe(read));
            }
            consumer.poll(SHORT_POLL).forEach(read::add);
        }
        return read;
    }

    protected static <K, V> List<ConsumerRecord<K, V>> pollFor(Consumer<K, V> consumer, int count) {
        return pollUntil(consumer, count + " records", r -> r.size() >= count);
    }

    /** Polls (discarding nothing: records are returned) until {@code condition} holds. */
    protected static <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer, String what,
                                                                 BooleanSupplier condition) {
        return pollUntil(consumer, what, r -> condition.getAsBoolean());
    }

    private static String describe(List<? extends ConsumerRecord<?, ?>> records) {
        return records.stream().limit(20).map(r -> r.topic() + "-" + r.partition() + "@" + r.offset())
                .collect(Collectors.joining(", ", "[", records.size() > 20 ? ", ...]" : "]"));
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    // ---- reading what kafka-clients wrote ---------------------------------------------------------------

    @Test
    void aMillionRecordsInEveryCodecComeBackOnceEachAndInOrder() {
        int partitions = 4;
        long perPartition = recordsPerCodec() / partitions;
        SequencedRecords written = new SequencedRecords(System.currentTimeMillis() - 1_000_000);
        List<TopicPartition> all = new ArrayList<>();
        for (String codec : CODECS) {
            String topic = topic("million-" + codec, partitions);
            kafka.sendSequenced(written, topic, partitions, perPartition, codec);
            IntStream.range(0, partitions).forEach(p -> all.add(new TopicPartition(topic, p)));
        }
        ReadLedger ledger = new ReadLedger(written);
        long total = perPartition * all.size();
        try (Consumer<byte[], byte[]> consumer = bytes().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            ends.forEach((tp, end) -> assertEquals(perPartition, end, () -> "end offset of " + tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (ledger.count() < total && System.nanoTime() - deadline < 0) {
                ledger.accept(consumer.poll(SHORT_POLL));
            }
            // Anything more would be a record read twice.
            ledger.accept(consumer.poll(SHORT_POLL));
            ledger.assertReadExactly(ends);
            for (TopicPartition tp : all) {
                assertEquals(perPartition, consumer.position(tp), () -> "position of " + tp);
            }
            assertEquals((double) total, consumer.metrics().get("records-consumed-total"), "records-consumed-total");
        }
    }

    /** About 4 MiB in one partition: four or more fetch responses of max.partition.fetch.bytes (1 MiB) each. */
    private List<String> largeValues(String topic) {
        List<String> values = IntStream.range(0, 5_000).mapToObj(i -> ("value " + i + ";").repeat(60)).toList();
        kafka.send(topic, 0, values);
        return values;
    }

    @Test
    void valuesReadFromEarlierResponsesStayIntactWhileLaterResponsesReuseTheirFrames() {
        String topic = topic("reused-frames", 1);
        List<String> written = largeValues(topic);
        try (Consumer<byte[], byte[]> consumer = bytes().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], byte[]>> read = pollFor(consumer, written.size());

            // Compared only now, after every response was read: a frame reused too early shows here.
            assertEquals(written, read.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void valuesHandedOutAsSlicesOfTheFetchedBytesStayIntactAfterLaterResponses() {
        String topic = topic("sliced-values", 1);
        List<String> written = largeValues(topic);
        try (Consumer<byte[], ByteBuffer> consumer = Consumer.builder(new ByteArrayDeserializer(),
                new ByteBufferDeserializer()).bootstrapServers(bootstrapServers()).configs(clientConfig())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], ByteBuffer>> read = pollFor(consumer, written.size());

            // The ByteBuffers are slices of the response frames: those frames must never have been reused.
            assertEquals(written, read.stream().map(r -> StandardCharsets.UTF_8.decode(r.value()).toString()).toList());
        }
    }

    @Test
    void keysValuesHeadersAndTimestampsAreAsKafkaWroteThem() {
        String topic = topic("fields", 2);
        // Recent timestamps: a broker's time retention (Kafka's default 7 days, checked every 5 minutes) deletes
        // records stamped years ago, and one check during the test left the log empty (ListOffsets earliest = 20).
        long base = System.currentTimeMillis() - 1_000_000;
        SequencedRecords written = new SequencedRecords(base);
        kafka.sendSequenced(written, topic, 2, 20, "lz4");
        try (Consumer<byte[], byte[]> consumer = bytes().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < 40 && System.nanoTime() - deadline < 0) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(SHORT_POLL);
                // The grouping views agree with iteration.
                int byPartition = 0;
                for (TopicPartition tp : batch.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> of = batch.records(tp);
                    assertFalse(of.isEmpty(), () -> tp + " listed with no records");
                    of.forEach(r -> assertEquals(tp, r.topicPartition()));
                    for (int i = 1; i < of.size(); i++) {
                        assertEquals(of.get(i - 1).offset() + 1, of.get(i).offset(), "records(tp) in offset order");
                    }
                    byPartition += of.size();
                }
                assertEquals(batch.count(), byPartition, "count() against records(tp)");
                int byTopic = 0;
                for (ConsumerRecord<byte[], byte[]> r : batch.records(topic)) {
                    byTopic++;
                }
                assertEquals(batch.count(), byTopic, "count() against records(topic)");
                assertEquals(batch.count() == 0, batch.isEmpty());
                batch.forEach(read::add);
            }
            assertEquals(40, read.size(), "records read");
            for (ConsumerRecord<byte[], byte[]> r : read) {
                assertNull(written.mismatch(r), () -> r.topicPartition() + "@" + r.offset());
            }
            ConsumerRecord<byte[], byte[]> withHeaders = read.stream()
                    .filter(r -> r.partition() == 1 && r.offset() == 10).findFirst().orElseThrow();
            Header[] headers = withHeaders.headers().toArray();
            assertEquals(2, headers.length);
            assertEquals("seq", headers[0].key());
            assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 10}, headers[0].value());
            assertNull(headers[1].value(), "a header with a null value");
            assertEquals(base + 10, withHeaders.timestamp());
            assertEquals(TimestampType.CREATE_TIME, withHeaders.timestampType());
            assertTrue(withHeaders.leaderEpoch().isPresent(), "leader epoch of a batch a broker wrote");
            ConsumerRecord<byte[], byte[]> nullKey = read.stream()
                    .filter(r -> r.partition() == 0 && r.offset() == 3).findFirst().orElseThrow();
            assertNull(nullKey.key());
            assertEquals(-1, nullKey.serializedKeySize());
            ConsumerRecord<byte[], byte[]> nullValue = read.stream()
                    .filter(r -> r.partition() == 0 && r.offset() == 7).findFirst().orElseThrow();
            assertNull(nullValue.value());
            assertEquals(-1, nullValue.serializedValueSize());
        }
    }

    // ---- committed offsets -------------------------------------------------------------------------------

    @Test
    void committedOffsetsResumeAfterARestart() {
        String topic = topic("resume", 3);
        for (int p = 0; p < 3; p++) {
            kafka.send(topic, p, "v" + p + "-", 30);
        }
        String group = unique("group-resume");
        Map<TopicPartition, Long> positions = new HashMap<>();
        List<ConsumerRecord<String, String>> firstRun;
        try (Consumer<String, String> first = strings().groupId(group).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(10).build()) {
            first.subscribe(List.of(topic));
            firstRun = pollFor(first, 40);
            first.commitSync();
            for (TopicPartition tp : first.assignment()) {
                positions.put(tp, first.position(tp));
            }
        }
        assertEquals(3, positions.size(), "partitions the only member owned");
        assertEquals(firstRun.size(), positions.values().stream().mapToLong(Long::longValue).sum(),
                "positions after the first run: one past each record read");

        List<ConsumerRecord<String, String>> secondRun;
        try (Consumer<String, String> second = strings().groupId(group).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            Map<TopicPartition, OffsetAndMetadata> committed = second.committed(positions.keySet());
            positions.forEach((tp, position) -> assertEquals(position, committed.get(tp) == null ? 0 : committed.get(tp).offset(),
                    () -> "committed offset of " + tp));
            second.subscribe(List.of(topic));
            secondRun = pollFor(second, 90 - firstRun.size());
            second.poll(SHORT_POLL).forEach(secondRun::add);
        }
        for (TopicPartition tp : positions.keySet()) {
            long resumedAt = secondRun.stream().filter(r -> r.topicPartition().equals(tp))
                    .mapToLong(ConsumerRecord::offset).min().orElse(30);
            assertEquals(positions.get(tp), resumedAt, () -> "first offset the restarted consumer read of " + tp);
        }
        List<ConsumerRecord<String, String>> everything = new ArrayList<>(firstRun);
        everything.addAll(secondRun);
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, String> r : everything) {
            assertTrue(seen.add(r.value()), () -> r.value() + " read twice, at " + r.topicPartition() + "@" + r.offset());
            assertEquals("v" + r.partition() + "-" + r.offset(), r.value());
        }
        assertEquals(90, seen.size(), "records read across the restart");
    }

    @Test
    void commitAsyncCompletesWithoutAnotherPoll() throws Exception {
        String topic = topic("commit-async", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 20);
        try (Consumer<String, String> consumer = strings().groupId(unique("group-async")).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            pollFor(consumer, 20);
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> all = consumer.commitAsync();
            // No poll from here on: the future must complete on its own.
            Map<TopicPartition, OffsetAndMetadata> committed = all.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(20, committed.get(tp).offset(), "what commitAsync() says it committed");
            assertEquals(20, consumer.committed(Set.of(tp)).get(tp).offset(), "committed() after commitAsync()");

            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> explicit =
                    consumer.commitAsync(Map.of(tp, OffsetAndMetadata.of(7, "rewound")));
            assertEquals(7, explicit.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(tp).offset());
            OffsetAndMetadata after = consumer.committed(Set.of(tp)).get(tp);
            assertEquals(7, after.offset());
            assertEquals("rewound", after.metadata());
        }
    }

    /** Drops records whose value ends in an even digit and remembers every commit it heard of. */
    public static final class DroppingEven implements ConsumerInterceptor<String, String> {
        static final Map<String, DroppingEven> BY_CLIENT = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public ConsumerRecords<String, String> onConsume(ConsumerRecords<String, String> records) {
            Map<TopicPartition, List<ConsumerRecord<String, String>>> kept = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                kept.put(tp, records.records(tp).stream()
                        .filter(r -> (r.value().charAt(r.value().length() - 1) - '0') % 2 != 0).toList());
            }
            return new ConsumerRecords<>(kept);
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.add(offsets);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            BY_CLIENT.put((String) configs.get("client.id"), this);
        }
    }

    /** Throws from every call: the consumer must log it and go on. */
    public static final class Throwing implements ConsumerInterceptor<String, String> {
        @Override
        public ConsumerRecords<String, String> onConsume(ConsumerRecords<String, String> records) {
            throw new IllegalStateException("onConsume always fails");
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            throw new IllegalStateException("onCommit always fails");
        }

        @Override
        public void close() {
            throw new IllegalStateException("close always fails");
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void interceptorsFilterWhatPollReturnsAndHearOfEveryCommit() throws Exception {
        String topic = topic("intercepted", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 10);
        String clientId = unique("intercepting-consumer");
        Consumer<String, String> consumer = strings().groupId(unique("group-intercepted")).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).config("client.id", clientId)
                .config("interceptor.classes", Throwing.class.getName() + "," + DroppingEven.class.getName())
                .build();
        DroppingEven dropping = DroppingEven.BY_CLIENT.get(clientId);
        try (consumer) {
            consumer.assign(List.of(tp));
            List<ConsumerRecord<String, String>> read = pollUntil(consumer, "the odd records",
                    () -> consumer.position(tp) == 10);
            assertEquals(List.of("v1", "v3", "v5", "v7", "v9"), values(read),
                    "the second interceptor filtered, the first one's exception went no further");
            consumer.commitSync();
            assertEquals(1, dropping.commits.size());
            assertEquals(10, dropping.commits.get(0).get(tp).offset(), "what commitSync() wrote");
            consumer.commitAsync(Map.of(tp, OffsetAndMetadata.of(4, "rewound"))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(2, dropping.commits.size());
            assertEquals(4, dropping.commits.get(1).get(tp).offset());
        }
        assertTrue(dropping.closed);
    }

    @Test
    void committedReturnsWhatWasCommittedAndNothingForTheRest() {
        String topic = topic("committed", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        kafka.send(topic, 0, "v", 10);
        String group = unique("group-committed");
        try (Consumer<String, String> consumer = strings().groupId(group).enableAutoCommit(false).build()) {
            consumer.assign(List.of(p0, p1));
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(5, Optional.empty(), "checkpoint")));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(p0, p1));
            assertEquals(5, committed.get(p0).offset());
            assertEquals("checkpoint", committed.get(p0).metadata());
            assertFalse(committed.containsKey(p1), () -> "nothing was committed for " + p1 + " but got " + committed);
        }
        // Another consumer of the group sees the commit and, assigned the partition, starts there.
        try (Consumer<String, String> other = strings().groupId(group).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            assertEquals(5, other.committed(Set.of(p0), WAIT).get(p0).offset());
            other.assign(List.of(p0));
            List<ConsumerRecord<String, String>> read = pollFor(other, 5);
            assertEquals(numbered("v", 5, 10), values(read));
        }
    }

    @Test
    void closeCommitsWhatWasConsumedWhenAutoCommitIsOn() {
        String topic = topic("auto-commit", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 12);
        String group = unique("group-auto");
        try (Consumer<String, String> consumer = strings().groupId(group).enableAutoCommit(true)
                .autoCommitInterval(Duration.ofMinutes(10)).autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            pollFor(consumer, 12);
        }
        try (Consumer<String, String> next = strings().groupId(group).build()) {
            OffsetAndMetadata committed = next.committed(Set.of(tp)).get(tp);
            assertEquals(12, committed == null ? -1 : committed.offset(), "offset committed by close()");
        }
    }

    @Test
    void groupOperationsWithoutAGroupIdAreRefused() {
        String topic = topic("no-group", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = strings().build()) {
            assertThrows(InvalidGroupIdException.class, () -> consumer.subscribe(List.of(topic)));
            consumer.assign(List.of(tp));
            assertThrows(InvalidGroupIdException.class, () -> consumer.commitSync(Map.of(tp, OffsetAndMetadata.of(1))));
        }
    }

    // ---- positions ---------------------------------------------------------------------------------------

    @Test
    void seekMovesTheNextReadForwardAndBack() {
        String topic = topic("seek", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 50);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 42);
            assertEquals(42, consumer.position(tp));
            List<ConsumerRecord<String, String>> tail = pollFor(consumer, 8);
            assertEquals(numbered("v", 42, 50), values(tail));
            consumer.seek(tp, 7);
            assertEquals(7, consumer.position(tp));
            ConsumerRecord<String, String> first = pollFor(consumer, 1).get(0);
            assertEquals(7, first.offset());
            assertEquals("v7", first.value());
        }
    }

    @Test
    void seekToBeginningReadsEverythingAgain() {
        String topic = topic("seek-begin", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 10);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            assertEquals(numbered("v", 0, 10), values(pollFor(consumer, 10)));
            assertEquals(10, consumer.position(tp));
            consumer.seekToBeginning(List.of(tp));
            assertEquals(0, consumer.position(tp));
            assertEquals(numbered("v", 0, 10), values(pollFor(consumer, 10)));
        }
    }

    @Test
    void seekToEndThenOnlyNewRecords() {
        String topic = topic("seek-end", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "old", 10);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertEquals(10, consumer.position(tp));
            kafka.send(topic, 0, "new", 5);
            List<ConsumerRecord<String, String>> read = pollFor(consumer, 5);
            read.addAll(consumer.poll(SHORT_POLL).records(tp));
            assertEquals(numbered("new", 0, 5), values(read));
            assertEquals(10, read.get(0).offset());
        }
    }

    @Test
    void positionIsTheNextOffsetToRead() {
        String topic = topic("position", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        kafka.send(topic, 0, "v", 20);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(p0, p1));
            assertEquals(0, consumer.position(p0));
            assertEquals(0, consumer.position(p1), "position of an empty partition");
            List<ConsumerRecord<String, String>> read = pollFor(consumer, 20);
            assertEquals(read.get(read.size() - 1).offset() + 1, consumer.position(p0));
            assertEquals(0, consumer.position(p1));
            assertThrows(IllegalStateException.class, () -> consumer.position(new TopicPartition(topic + "-not-mine", 0)));
        }
    }

    @Test
    void pausedPartitionsYieldNothingWhileOthersFlowThenResume() {
        String topic = topic("pause", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        kafka.send(topic, 0, "a", 200);
        kafka.send(topic, 1, "b", 200);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(10)
                .build()) {
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<String, String>> beforePause = pollUntil(consumer, "records of both partitions",
                    r -> r.stream().anyMatch(x -> x.partition() == 0) && r.stream().anyMatch(x -> x.partition() == 1));
            consumer.pause(List.of(p0));
            assertEquals(Set.of(p0), consumer.paused());
            int p1Before = (int) beforePause.stream().filter(r -> r.partition() == 1).count();
            // Whatever was already fetched for p0 must stay in the consumer while it is paused.
            kafka.send(topic, 1, "c", 50);
            List<ConsumerRecord<String, String>> whilePaused = pollUntil(consumer, "the rest of partition 1",
                    r -> r.stream().filter(x -> x.partition() == 1).count() >= 250 - p1Before);
            for (int i = 0; i < 5; i++) {
                consumer.poll(SHORT_POLL).forEach(whilePaused::add);
            }
            assertEquals(List.of(), whilePaused.stream().filter(r -> r.partition() == 0).map(r -> r.offset()).toList(),
                    "offsets of the paused partition returned while it was paused");
            consumer.resume(List.of(p0));
            assertEquals(Set.of(), consumer.paused());
            int p0Before = (int) beforePause.stream().filter(r -> r.partition() == 0).count();
            List<ConsumerRecord<String, String>> afterResume = pollUntil(consumer, "the rest of partition 0",
                    r -> r.stream().filter(x -> x.partition() == 0).count() >= 200 - p0Before);
            List<ConsumerRecord<String, String>> all = new ArrayList<>(beforePause);
            all.addAll(whilePaused);
            all.addAll(afterResume);
            List<Long> p0Offsets = all.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::offset).toList();
            assertEquals(LongStream.range(0, 200).boxed().toList(), p0Offsets, "partition 0 read once each, in order, across the pause");
        }
    }

    @Test
    void wakeupFromAnotherThreadBreaksABlockingPoll() throws Exception {
        String topic = topic("wakeup", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread poller = new Thread(() -> {
                try {
                    consumer.poll(Duration.ofMinutes(2));
                    thrown.set(new AssertionError("poll returned without a WakeupException"));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "blocked-poller");
            long started = System.nanoTime();
            poller.start();
            // Inside the consumer's poll (blocked in a wait or in the selector, whichever the implementation uses).
            Await.until(WAIT, "the poller to be inside poll", () -> !poller.isAlive() || insideConsumer(poller));
            consumer.wakeup();
            poller.join(WAIT.toMillis());
            assertFalse(poller.isAlive(), "poll still blocked after wakeup()");
            assertInstanceOf(WakeupException.class, thrown.get());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60), "poll ended by its timeout, not wakeup");

            // The consumer is usable after a wakeup, and a wakeup before a call makes that call throw.
            kafka.send(topic, 0, "v", 3);
            assertEquals(numbered("v", 0, 3), values(pollFor(consumer, 3)));
            consumer.wakeup();
            assertThrows(WakeupException.class, () -> consumer.poll(Duration.ofSeconds(10)));
            assertEquals(3, consumer.position(tp), "a wakeup is used up by the call it breaks");
        }
    }

    @Test
    void autoOffsetResetEarliestStartsAtTheFirstRecord() {
        String topic = topic("reset-earliest", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 5);
        try (Consumer<String, String> consumer = strings().groupId(unique("group-earliest")).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            assertEquals(numbered("v", 0, 5), values(pollFor(consumer, 5)));
        }
    }

    @Test
    void autoOffsetResetLatestReadsOnlyWhatComesLater() {
        String topic = topic("reset-latest", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "old", 5);
        try (Consumer<String, String> consumer = strings().groupId(unique("group-latest")).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.LATEST).build()) {
            consumer.assign(List.of(tp));
            assertEquals(5, consumer.position(tp), "latest resolves to the end offset");
            kafka.send(topic, 0, "new", 3);
            List<ConsumerRecord<String, String>> read = pollFor(consumer, 3);
            read.addAll(consumer.poll(SHORT_POLL).records(tp));
            assertEquals(numbered("new", 0, 3), values(read));
        }
    }

    @Test
    void autoOffsetResetNoneFailsWithoutACommittedOffset() {
        String topic = topic("reset-none", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, "v", 5);
        try (Consumer<String, String> consumer = strings().groupId(unique("group-none")).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.NONE).build()) {
            consumer.assign(List.of(tp));
            NoOffsetForPartitionException e = assertThrows(NoOffsetForPartitionException.class,
                    () -> consumer.poll(Duration.ofSeconds(10)));
            assertEquals(Set.of(tp), e.partitions());
            consumer.seek(tp, 2);
            assertEquals(numbered("v", 2, 5), values(pollFor(consumer, 3)));
        }
    }

    @Test
    void aFailingDeserializerNamesTheRecordAndSeekingPastItContinues() {
        String topic = topic("poison", 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        kafka.send(topic, 0, List.of("ok-0", "ok-1", "poison", "ok-3", "ok-4"));
        StringDeserializer strict = new StringDeserializer() {
            @Override
            public String deserialize(String t, byte[] data) {
                String value = super.deserialize(t, data);
                if ("poison".equals(value)) {
                    throw new SerializationException("cannot read '" + value + "'");
                }
                return value;
            }
        };
        List<RecordDeserializationException> failures = new ArrayList<>();
        List<String> read = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), strict)
                .bootstrapServers(bootstrapServers()).configs(clientConfig()).autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(tp));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < 4 && System.nanoTime() - deadline < 0) {
                try {
                    consumer.poll(SHORT_POLL).forEach(r -> read.add(r.value()));
                } catch (RecordDeserializationException e) {
                    failures.add(e);
                    assertEquals(e.offset(), consumer.position(tp), "position stays at the record that failed");
                    if (failures.size() == 2) {
                        consumer.seek(e.topicPartition(), e.offset() + 1);
                    }
                }
            }
        }
        assertEquals(List.of("ok-0", "ok-1", "ok-3", "ok-4"), read);
        assertEquals(2, failures.size(), "one failure, then the same again until the application seeks past it");
        RecordDeserializationException e = failures.get(0);
        assertEquals(tp, e.topicPartition());
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains(topic) && e.getMessage().contains("offset 2")
                && e.getMessage().contains("partition"), e.getMessage());
        assertInstanceOf(SerializationException.class, e.getCause());
        assertEquals(2, failures.get(1).offset());
    }

    @Test
    void maxPollRecordsIsHonoured() {
        String topic = topic("max-poll", 2);
        kafka.send(topic, 0, "a", 60);
        kafka.send(topic, 1, "b", 40);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(7)
                .build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            List<Integer> sizes = new ArrayList<>();
            int total = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (total < 100 && System.nanoTime() - deadline < 0) {
                int n = consumer.poll(SHORT_POLL).count();
                if (n > 0) {
                    sizes.add(n);
                    total += n;
                }
            }
            assertEquals(100, total, "records read");
            assertTrue(sizes.stream().allMatch(n -> n <= 7), () -> "poll sizes " + sizes);
            assertTrue(sizes.stream().filter(n -> n == 7).count() >= 10, () -> "polls should fill up to 7: " + sizes);
        }
    }

    @Test
    void subscribeToAPatternReadsEveryMatchingTopicIncludingNewOnes() {
        String prefix = unique("pattern");
        kafka.create(prefix + "-a", 1);
        kafka.create(prefix + "-b", 2);
        kafka.create(prefix + "-skipped", 1);
        kafka.send(prefix + "-a", 0, "a", 5);
        kafka.send(prefix + "-b", 1, "b", 5);
        kafka.send(prefix + "-skipped", 0, "skipped", 5);
        try (Consumer<String, String> consumer = strings().groupId(unique("group-pattern"))
                .autoOffsetReset(AutoOffsetReset.EARLIEST).config(ConsumerConfig.METADATA_MAX_AGE_MS, 500).build()) {
            consumer.subscribe(Pattern.compile(Pattern.quote(prefix) + "-[a-z]"));
            List<ConsumerRecord<String, String>> read = pollFor(consumer, 10);
            assertEquals(Set.of(prefix + "-a", prefix + "-b"), consumer.subscription());
            kafka.create(prefix + "-c", 1);
            kafka.send(prefix + "-c", 0, "c", 5);
            read.addAll(pollUntil(consumer, "records of a topic created after subscribing",
                    r -> r.stream().filter(x -> x.topic().equals(prefix + "-c")).count() >= 5));
            consumer.poll(SHORT_POLL).forEach(read::add);
            Map<String, Long> perTopic = read.stream().collect(Collectors.groupingBy(ConsumerRecord::topic,
                    Collectors.counting()));
            assertEquals(Map.of(prefix + "-a", 5L, prefix + "-b", 5L, prefix + "-c", 5L), perTopic);
            assertEquals(Set.of(prefix + "-a", prefix + "-b", prefix + "-c"), consumer.subscription());
        }
    }

    @Test
    void aSoleMemberGetsEveryPartitionThroughItsListenerAndGivesThemBackOnUnsubscribe() {
        String topic = topic("listener", 3);
        Set<TopicPartition> all = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        List<Collection<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
        List<Collection<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
        try (Consumer<String, String> consumer = strings().groupId(unique("group-listener")).build()) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    revoked.add(Set.copyOf(partitions));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.add(Set.copyOf(partitions));
                }
            });
            assertEquals(Set.of(topic), consumer.subscription());
            pollUntil(consumer, "the assignment", () -> consumer.assignment().equals(all));
            Set<TopicPartition> got = new HashSet<>();
            assigned.forEach(got::addAll);
            assertEquals(all, got, "partitions handed to onPartitionsAssigned");
            consumer.unsubscribe();
            assertEquals(Set.of(), consumer.assignment());
            assertEquals(Set.of(), consumer.subscription());
            Set<TopicPartition> gaveBack = new HashSet<>();
            revoked.forEach(gaveBack::addAll);
            assertEquals(all, gaveBack, "partitions handed to onPartitionsRevoked on unsubscribe");
        }
    }

    // ---- metadata, configuration, metrics ----------------------------------------------------------------

    @Test
    void partitionsAndOffsetsCanBeLookedUp() {
        String topic = topic("lookups", 3);
        kafka.send(topic, 1, "v", 7);
        try (Consumer<String, String> consumer = strings().build()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            assertEquals(List.of(0, 1, 2), partitions.stream().map(PartitionInfo::partition).sorted().toList());
            assertTrue(partitions.stream().allMatch(p -> p.leader() != null), () -> "leaders of " + partitions);
            assertTrue(consumer.listTopics().containsKey(topic), "listTopics() names the topic");
            List<TopicPartition> tps = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
            assertEquals(Map.of(tps.get(0), 0L, tps.get(1), 0L, tps.get(2), 0L), consumer.beginningOffsets(tps));
            assertEquals(Map.of(tps.get(0), 0L, tps.get(1), 7L, tps.get(2), 0L), consumer.endOffsets(tps));
        }
    }

    @Test
    void buildsFromKafkaStyleProperties() {
        String topic = topic("properties", 1);
        kafka.send(topic, 0, "v", 3);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        props.putAll(clientConfig());
        props.put("group.id", unique("group-properties"));
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "2");
        try (Consumer<String, String> consumer = Consumer.create(props)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> read = pollFor(consumer, 3);
            assertEquals(numbered("v", 0, 3), values(read));
        }
    }

    @Test
    void metricsCountWhatWasConsumed() {
        String topic = topic("metrics", 2);
        kafka.send(topic, 0, "value-", 100);
        try (Consumer<String, String> consumer = strings().autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            pollFor(consumer, 100);
            Map<String, Double> m = consumer.metrics();
            assertEquals(100.0, m.get("records-consumed-total"));
            double valueBytes = IntStream.range(0, 100).map(i -> ("value-" + i).length()).sum();
            assertTrue(m.get("bytes-consumed-total") >= valueBytes, () -> "bytes-consumed-total " + m.get("bytes-consumed-total"));
            assertTrue(m.get("fetch-total") >= 1, () -> "fetch-total " + m.get("fetch-total"));
            assertTrue(m.get("records-consumed-rate") > 0, () -> "records-consumed-rate " + m.get("records-consumed-rate"));
            assertTrue(m.get("fetch-latency-max") >= m.get("fetch-latency-avg"));
            assertTrue(m.get("connection-count") >= 1, () -> "connection-count " + m.get("connection-count"));
            assertTrue(m.get("incoming-byte-total") > m.get("bytes-consumed-total"));
            TopicPartition tp = new TopicPartition(topic, 0);
            pollUntil(consumer, "a fetch telling the partition is caught up", () -> partitionMetric(consumer, tp,
                    "records-lag") == 0.0);
            assertEquals(100.0, partitionMetric(consumer, tp, "records-lead"), "position 100, log start 0");
            assertTrue(partitionMetric(consumer, tp, "records-lag-max") >= 0);

            consumer.assign(List.of(new TopicPartition(topic, 1)));
            consumer.poll(SHORT_POLL);
            assertTrue(Double.isNaN(partitionMetric(consumer, tp, "records-lag")),
                    "a partition no longer assigned has no lag metric any more");
        }
    }

    private static double partitionMetric(Consumer<?, ?> consumer, TopicPartition tp, String name) {
        return consumer.allMetrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("consumer-fetch-manager-metrics")
                        && e.getKey().name().equals(name) && tp.topic().equals(e.getKey().tags().get("topic"))
                        && String.valueOf(tp.partition()).equals(e.getKey().tags().get("partition")))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).findFirst().orElse(Double.NaN);
    }

    private static boolean insideConsumer(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("io.petrel.consumer.internal.")) {
                return true;
            }
        }
        return false;
    }
}
