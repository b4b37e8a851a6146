package io.petrel.producer;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.PartitionInfo;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.ByteArraySerializer;
import io.petrel.serializers.Header;
import io.petrel.serializers.Headers;
import io.petrel.serializers.IntegerSerializer;
import io.petrel.serializers.SerializationException;
import io.petrel.serializers.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the producer must do against any Kafka-protocol broker. A subclass says where the broker is:
 * {@link ProducerOnBrokerStubTest} runs it on Petrel's broker-stub; interop tests can run it on a real
 * Apache Kafka by extending it with that cluster's bootstrap servers.
 */
public abstract class ProducerContract {
    private static final long WAIT_S = 30;

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    /**
     * Settings, in Kafka's client keys, that every client of a test gets besides {@code bootstrap.servers}:
     * Petrel's producer and kafka-clients' Admin, producer and consumer alike. A secured broker's subclass gives
     * its {@code security.protocol}, {@code sasl.*} and {@code ssl.*} here; none by default.
     */
    protected Map<String, String> clientConfig() {
        return Map.of();
    }

    protected KafkaReadBack kafka() {
        return new KafkaReadBack(bootstrapServers(), clientConfig());
    }

    protected static String uniqueTopic(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ProducerBuilder<String, String> strings() {
        return Producer.builder(new StringSerializer(), new StringSerializer()).bootstrapServers(bootstrapServers())
                .configs(clientConfig());
    }

    protected ProducerBuilder<byte[], byte[]> bytes() {
        return Producer.builder(new ByteArraySerializer(), new ByteArraySerializer()).bootstrapServers(bootstrapServers())
                .configs(clientConfig());
    }

    protected static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_S, TimeUnit.SECONDS);
    }

    protected static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    // ---- the four ways to send ---------------------------------------------------------------------------

    @Test
    void fireAndForgetThenFlush() throws Exception {
        String topic = uniqueTopic("fire");
        kafka().createTopic(topic, 3);
        try (Producer<String, String> producer = strings().build()) {
            for (int i = 0; i < 500; i++) {
                producer.send(ProducerRecord.of(topic, "k" + i, "v" + i));
            }
            producer.flush();
            assertEquals(500.0, producer.metrics().get("record-send-total"));
        }
        assertEquals(500, kafka().readAll(topic, 500).size());
    }

    @Test
    void getBlocksForTheMetadata() throws Exception {
        String topic = uniqueTopic("get");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = strings().build()) {
            for (int i = 0; i < 5; i++) {
                RecordMetadata md = await(producer.send(ProducerRecord.of(topic, "k", "v" + i)));
                assertEquals(topic, md.topic());
                assertEquals(0, md.partition());
                assertEquals(i, md.offset());
                assertEquals(1, md.serializedKeySize());
                assertEquals(2, md.serializedValueSize());
                assertTrue(md.timestamp() > 0);
            }
        }
    }

    @Test
    void callbacksRunOnTheSenderThreadInOrderPerPartition() throws Exception {
        String topic = uniqueTopic("callback");
        kafka().createTopic(topic, 2);
        List<RecordMetadata> acknowledged = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(200);
        try (Producer<String, String> producer = strings().build()) {
            for (int i = 0; i < 200; i++) {
                producer.send(ProducerRecord.<String, String>builder(topic).partition(i % 2).value("v" + i).build(), (md, error) -> {
                    assertNull(error);
                    acknowledged.add(md);
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertTrue(done.await(WAIT_S, TimeUnit.SECONDS));
        }
        assertTrue(threads.stream().allMatch(t -> t.startsWith("petrel-producer-sender")), threads.get(0));
        for (int p = 0; p < 2; p++) {
            int partition = p;
            long[] offsets = acknowledged.stream().filter(md -> md.partition() == partition)
                    .mapToLong(RecordMetadata::offset).toArray();
            for (int i = 0; i < offsets.length; i++) {
                assertEquals(i, offsets[i], "partition " + p + " acknowledged out of order");
            }
        }
    }

    @Test
    void recordsSentWhileMetadataArrivesKeepTheirOrder() throws Exception {
        for (int round = 0; round < 5; round++) {
            String topic = uniqueTopic("order-at-start");
            kafka().createTopic(topic, 1);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (Producer<String, String> producer = strings().build()) {
                for (int i = 0; i < 5_000; i++) {
                    futures.add(producer.send(ProducerRecord.of(topic, Integer.toString(i))));
                }
                producer.flush();
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(i, await(futures.get(i)).offset(), "round " + round + ": record " + i + " out of order");
            }
        }
    }

    @Test
    void asyncCompositionSendsTheNextRecordOnAck() throws Exception {
        String topic = uniqueTopic("compose");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = strings().build()) {
            CompletableFuture<RecordMetadata> chain = producer.send(ProducerRecord.of(topic, "step-0"));
            for (int i = 1; i < 10; i++) {
                String value = "step-" + i;
                chain = chain.thenCompose(previous -> producer.send(ProducerRecord.of(topic,
                        value + "@" + previous.offset())));
            }
            assertEquals(9, await(chain).offset());
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka().readAll(topic, 10);
        assertEquals("step-9@8", text(records.get(9).value()));
    }

    // ---- what goes on the wire ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCompressionTypeReadsBackByteForByte(CompressionType compression) throws Exception {
        String topic = uniqueTopic("codec-" + compression.configName());
        kafka().createTopic(topic, 2);
        Random random = new Random(compression.ordinal());
        List<byte[]> values = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = bytes().compression(compression).batchSize(8_192).build()) {
            for (int i = 0; i < 300; i++) {
                byte[] value = new byte[random.nextInt(400)];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (byte) ('a' + random.nextInt(4));
                }
                values.add(value);
                producer.send(ProducerRecord.<byte[], byte[]>builder(topic).partition(0).key(("k" + i).getBytes(StandardCharsets.UTF_8))
                        .value(value).build());
            }
            producer.flush();
            double ratio = producer.metrics().get("compression-rate-avg");
            assertTrue(compression == CompressionType.NONE ? ratio > 0.99 : ratio < 0.9, compression + ": " + ratio);
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka().readAll(topic, 300);
        assertEquals(300, records.size());
        List<String> keys = records.stream().map(r -> text(r.key()) + "@" + r.partition() + ":" + r.offset()).toList();
        for (int i = 0; i < 300; i++) {
            assertEquals("k" + i, text(records.get(i).key()), "read back in this order: " + keys);
            assertArrayEquals(values.get(i), records.get(i).value(), "record " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Acks.class)
    void everyAcksSetting(Acks acks) throws Exception {
        String topic = uniqueTopic("acks-" + acks.configValue());
        kafka().createTopic(topic, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = strings().acks(acks).build()) {
            for (int i = 0; i < 50; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "v" + i)));
            }
            producer.flush();
        }
        for (int i = 0; i < 50; i++) {
            RecordMetadata md = await(futures.get(i));
            assertEquals(acks == Acks.NONE ? -1 : i, md.offset());
            assertEquals(acks != Acks.NONE, md.hasOffset());
        }
        assertEquals(50, kafka().readAll(topic, 50).size());
    }

    @Test
    void headersNullKeysAndNullValuesReadBackWithKafkasConsumer() throws Exception {
        String topic = uniqueTopic("headers");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = strings().build()) {
            producer.send(ProducerRecord.<String, String>builder(topic).key("k1").value("v1")
                    .header("trace", new byte[]{1, 2, 3}).header("trace", null).header("empty", new byte[0]).build());
            producer.send(ProducerRecord.<String, String>builder(topic).key(null).value("no key").build());
            producer.send(ProducerRecord.<String, String>builder(topic).key("tombstone").value(null).build());
            producer.send(ProducerRecord.<String, String>builder(topic).timestamp(1234L).value("dated").build());
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka().readAll(topic, 4);
        assertEquals(4, records.size());
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        assertEquals("k1", text(first.key()));
        org.apache.kafka.common.header.Header[] headers = first.headers().toArray();
        assertEquals(3, headers.length);
        assertEquals("trace", headers[0].key());
        assertArrayEquals(new byte[]{1, 2, 3}, headers[0].value());
        assertNull(headers[1].value());
        assertArrayEquals(new byte[0], headers[2].value());
        assertNull(records.get(1).key());
        assertEquals("no key", text(records.get(1).value()));
        assertNull(records.get(2).value());
        assertEquals(1234L, records.get(3).timestamp());
    }

    @Test
    void keysLandOnTheSamePartitionsAsWithKafkaProducer() throws Exception {
        String ours = uniqueTopic("keys-petrel");
        String theirs = uniqueTopic("keys-kafka");
        kafka().createTopic(ours, 7);
        kafka().createTopic(theirs, 7);
        // Every record is sent before any answer is awaited: a keyed record's partition is chosen at send and does
        // not depend on the batching, and 600 sends awaited one by one took 4 s of lingers and round trips.
        Map<String, CompletableFuture<RecordMetadata>> petrelSends = new LinkedHashMap<>();
        try (Producer<String, String> producer = strings().build()) {
            for (int i = 0; i < 300; i++) {
                String key = "key-" + i * 7919;
                petrelSends.put(key, producer.send(ProducerRecord.of(ours, key, "v")));
            }
            producer.flush();
        }
        Map<String, Integer> petrel = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<RecordMetadata>> sent : petrelSends.entrySet()) {
            petrel.put(sent.getKey(), await(sent.getValue()).partition());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(clientConfig());
        Map<String, Future<org.apache.kafka.clients.producer.RecordMetadata>> kafkaSends = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (String key : petrel.keySet()) {
                kafkaSends.put(key, producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(theirs, key, "v")));
            }
            producer.flush();
            for (Map.Entry<String, Future<org.apache.kafka.clients.producer.RecordMetadata>> sent : kafkaSends.entrySet()) {
                int partition;
                try {
                    partition = sent.getValue().get(WAIT_S, TimeUnit.SECONDS).partition();
                } catch (ExecutionException e) {
                    throw new AssertionError("kafka-clients' KafkaProducer, the reference, failed key " + sent.getKey()
                            + "; its " + referenceState(producer), e);
                }
                assertEquals(partition, petrel.get(sent.getKey()), "key " + sent.getKey());
            }
        }
    }

    /**
     * What a failed reference producer was doing, from its metrics: retried records mean the broker kept refusing
     * (kafka-clients logs why at WARN, which this module's logging hides), none mean nothing was answered.
     */
    private static String referenceState(KafkaProducer<?, ?> producer) {
        Map<String, Object> state = new TreeMap<>();
        List<String> names = List.of("record-send-total", "record-retry-total", "record-error-total",
                "requests-in-flight", "produce-throttle-time-max", "metadata-age");
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && names.contains(name.name())) {
                state.put(name.name(), metric.metricValue());
            }
        });
        return "producer-metrics " + state;
    }

    @Test
    void anExplicitPartitionWinsOverTheKey() throws Exception {
        String topic = uniqueTopic("explicit");
        kafka().createTopic(topic, 4);
        try (Producer<String, String> producer = strings().build()) {
            for (int p = 0; p < 4; p++) {
                assertEquals(p, await(producer.send(ProducerRecord.<String, String>builder(topic).partition(p)
                        .key("same").value("v").build())).partition());
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(producer.send(
                    ProducerRecord.<String, String>builder(topic).partition(9).value("v").build())));
            assertEquals("Partition 9 of topic " + topic + " does not exist: the topic has 4 partitions (0 to 3)",
                    e.getCause().getMessage());
        }
    }

    @Test
    void keylessRecordsGoRoundRobin() throws Exception {
        String topic = uniqueTopic("round-robin");
        kafka().createTopic(topic, 3);
        int[] counts = new int[3];
        try (Producer<String, String> producer = strings().build()) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "v")));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                counts[await(f).partition()]++;
            }
        }
        assertArrayEquals(new int[]{10, 10, 10}, counts);
    }

    @Test
    void theStickyPartitionerFillsOneBatchBeforeMovingOn() throws Exception {
        String topic = uniqueTopic("sticky");
        kafka().createTopic(topic, 4);
        List<Integer> partitions = new ArrayList<>();
        try (Producer<String, String> producer = strings().partitioner(new StickyPartitioner()).batchSize(2_048)
                .linger(Duration.ofSeconds(30)).build()) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "v".repeat(100))));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                partitions.add(await(f).partition());
            }
        }
        int switches = 0;
        for (int i = 1; i < partitions.size(); i++) {
            switches += partitions.get(i).equals(partitions.get(i - 1)) ? 0 : 1;
        }
        assertTrue(switches >= 5 && switches <= 20, "runs of ~17 records per batch expected, got " + switches
                + " switches: " + partitions);
    }

    @Test
    void partitionsForWaitsForTheTopic() throws Exception {
        String topic = uniqueTopic("partitions-for");
        kafka().createTopic(topic, 5);
        try (Producer<String, String> producer = strings().build()) {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            assertEquals(5, partitions.size());
            assertTrue(partitions.stream().allMatch(p -> p.leader() != null));
        }
    }

    @Test
    void aSerializerFailureFailsOnlyThatSend() throws Exception {
        String topic = uniqueTopic("serializer");
        kafka().createTopic(topic, 1);
        IntegerSerializer strict = new IntegerSerializer() {
            @Override
            public byte[] serialize(String t, Integer value) {
                if (value != null && value < 0) {
                    throw new IllegalArgumentException("negative " + value);
                }
                return super.serialize(t, value);
            }
        };
        try (Producer<String, Integer> producer = Producer.builder(new StringSerializer(), strict)
                .bootstrapServers(bootstrapServers()).configs(clientConfig()).build()) {
            CompletableFuture<RecordMetadata> good = producer.send(ProducerRecord.of(topic, 1));
            CompletableFuture<RecordMetadata> bad = producer.send(ProducerRecord.of(topic, -1));
            CompletableFuture<RecordMetadata> alsoGood = producer.send(ProducerRecord.of(topic, 2));
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(bad));
            SerializationException cause = assertInstanceOf(SerializationException.class, e.getCause());
            assertTrue(cause.getMessage().contains("value"), cause.getMessage());
            assertEquals(0, await(good).offset());
            assertEquals(1, await(alsoGood).offset());
        }
    }

    // ---- interceptors ------------------------------------------------------------------------------------------

    /** Appends "+tagged" to each value and a header naming itself; remembers the settings it was configured with. */
    public static final class Tagging implements ProducerInterceptor<String, String> {
        static final Map<String, Tagging> BY_CLIENT = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean closed;
        volatile Map<String, ?> configs;

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            ProducerRecord<String, String> tagged = new ProducerRecord<>(record.topic(), record.partition(),
                    record.timestamp(), record.key(), record.value() + "+tagged", record.headers());
            tagged.headers().add(new Header("seen-by", "tagging".getBytes(StandardCharsets.UTF_8)));
            return tagged;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
            BY_CLIENT.put((String) configs.get("client.id"), this);
        }
    }

    /** Throws from every call: the producer must log it and go on. */
    public static final class Throwing implements ProducerInterceptor<String, String> {
        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            throw new IllegalStateException("onSend always fails");
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            throw new IllegalStateException("onAcknowledgement always fails");
        }

        @Override
        public void close() {
            throw new IllegalStateException("close always fails");
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /** Remembers the values it was handed and every acknowledgement, in order. */
    public static final class Recording implements ProducerInterceptor<String, String> {
        final List<String> sentValues = new CopyOnWriteArrayList<>();
        final List<RecordMetadata> acknowledged = new CopyOnWriteArrayList<>();
        final List<Exception> errors = new CopyOnWriteArrayList<>();
        final List<Headers> acknowledgedHeaders = new CopyOnWriteArrayList<>();

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            sentValues.add(record.value());
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            acknowledged.add(metadata);
            errors.add(exception);
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
            acknowledgedHeaders.add(headers);
            onAcknowledgement(metadata, exception);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void interceptorsRunInOrderAThrowingOneIsSkippedAndEachAckPrecedesTheFuture() throws Exception {
        String topic = uniqueTopic("intercepted");
        kafka().createTopic(topic, 1);
        String clientId = uniqueTopic("intercepting-client");
        Recording recording = new Recording();
        Producer<String, String> producer = strings().clientId(clientId)
                .config("interceptor.classes", List.of(Tagging.class.getName(), Throwing.class, recording))
                .config("tagging.audit.label", "blue")
                .build();
        try (producer) {
            for (int i = 0; i < 10; i++) {
                RecordMetadata md = await(producer.send(ProducerRecord.of(topic, "k" + i, "v" + i)));
                assertEquals(i + 1, recording.acknowledged.size(), "the interceptors heard of the ack before get()");
                assertEquals(md.offset(), recording.acknowledged.get(i).offset());
                assertNull(recording.errors.get(i));
            }
        }
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "v" + i + "+tagged").toList(), recording.sentValues,
                "the third interceptor got what the first returned, despite the second throwing");
        assertTrue(Tagging.BY_CLIENT.get(clientId).closed, "a class-created interceptor is configured and closed");
        assertEquals("blue", Tagging.BY_CLIENT.get(clientId).configs.get("tagging.audit.label"),
                "an interceptor's own setting reaches its configure(), as kafka-clients passes it");
        for (Headers headers : recording.acknowledgedHeaders) {
            assertEquals("tagging", text(headers.lastHeader("seen-by").value()),
                    "onAcknowledgement gets the headers the record was sent with");
        }
        assertEquals(10, recording.acknowledgedHeaders.size());
        List<ConsumerRecord<byte[], byte[]>> written = kafka().readAll(topic, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals("v" + i + "+tagged", text(written.get(i).value()));
            assertEquals("tagging", text(written.get(i).headers().lastHeader("seen-by").value()));
        }
    }

    @Test
    void interceptorsHearOfRecordsThatFailBeforeBeingSent() throws Exception {
        String topic = uniqueTopic("intercepted-failure");
        kafka().createTopic(topic, 2);
        Recording recording = new Recording();
        StringSerializer refusing = new StringSerializer() {
            @Override
            public byte[] serialize(String t, String value) {
                if ("bad".equals(value)) {
                    throw new IllegalArgumentException("refused " + value);
                }
                return super.serialize(t, value);
            }
        };
        Producer<String, String> producer = Producer.builder(new StringSerializer(), refusing)
                .bootstrapServers(bootstrapServers()).configs(clientConfig())
                .config("interceptor.classes", List.of(recording)).build();
        CompletableFuture<RecordMetadata> bad = producer.send(new ProducerRecord<>(topic, 1, null, "k", "bad", null));
        assertThrows(ExecutionException.class, () -> await(bad));
        assertEquals(1, recording.acknowledged.size());
        assertEquals(topic, recording.acknowledged.get(0).topic());
        assertEquals(1, recording.acknowledged.get(0).partition(), "the record's own partition");
        assertEquals(-1, recording.acknowledged.get(0).offset());
        assertInstanceOf(SerializationException.class, recording.errors.get(0));
        producer.close();
        CompletableFuture<RecordMetadata> late = producer.send(ProducerRecord.of(topic, "late"));
        assertThrows(ExecutionException.class, () -> await(late));
        assertEquals(2, recording.acknowledged.size());
        assertEquals(-1, recording.acknowledged.get(1).partition(), "not partitioned yet");
        assertTrue(recording.errors.get(1).getMessage().contains("closed"), recording.errors.get(1).getMessage());
    }

    @Test
    void headersBecomeReadOnlyOnceSent() throws Exception {
        String topic = uniqueTopic("read-only");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = strings().build()) {
            ProducerRecord<String, String> record = ProducerRecord.<String, String>builder(topic).value("v")
                    .header("h", new byte[]{1}).build();
            await(producer.send(record));
            assertThrows(IllegalStateException.class, () -> record.headers().add(new Header("late", null)));
        }
    }

    @Test
    void closeSendsWhatIsHeldAndLaterSendsFail() throws Exception {
        String topic = uniqueTopic("close");
        kafka().createTopic(topic, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Producer<String, String> producer = strings().linger(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 20; i++) {
            futures.add(producer.send(ProducerRecord.of(topic, "v" + i)));
        }
        producer.close(Duration.ofSeconds(WAIT_S));
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
        CompletableFuture<RecordMetadata> late = producer.send(ProducerRecord.of(topic, "late"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(late));
        assertTrue(e.getCause().getMessage().contains("closed"));
        assertFalse(futures.isEmpty());
        assertEquals(20, kafka().readAll(topic, 20).size());
    }

    @Test
    void buildsFromKafkaStyleProperties() throws Exception {
        String topic = uniqueTopic("properties");
        kafka().createTopic(topic, 1);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        props.putAll(clientConfig());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("acks", "1");
        props.put("linger.ms", "0");
        props.put("compression.type", "zstd");
        try (Producer<String, String> producer = Producer.create(props)) {
            assertEquals(0, await(producer.send(ProducerRecord.of(topic, "k", "v"))).offset());
        }
        assertEquals("v", text(kafka().readAll(topic, 1).get(0).value()));
    }

    @Test
    void recordSizeMetricsTakeEachBatchsLargestRecordAsKafkaClientsDoes() throws Exception {
        String topic = uniqueTopic("record-size");
        kafka().createTopic(topic, 1);
        String large = "x".repeat(5_000);
        try (Producer<String, String> producer = strings().build()) {
            await(producer.send(ProducerRecord.of(topic, "small")));
            await(producer.send(ProducerRecord.of(topic, large)));
            Map<String, Double> m = producer.metrics();
            double max = m.get("record-size-max");
            assertTrue(max >= large.length() && max < large.length() + 100,
                    () -> "record-size-max " + max + " for a " + large.length() + "-byte value");
            double avg = m.get("record-size-avg");
            assertTrue(avg > 5 && avg < max, () -> "record-size-avg " + avg + " of batches of one small and one large");
        }
    }

    @Test
    void metricsCountWhatWasSent() throws Exception {
        String topic = uniqueTopic("metrics");
        kafka().createTopic(topic, 1);
        try (Producer<String, String> producer = strings().build()) {
            for (int i = 0; i < 100; i++) {
                producer.send(ProducerRecord.of(topic, "value-" + i));
            }
            producer.flush();
            Map<String, Double> m = producer.metrics();
            assertEquals(100.0, m.get("record-send-total"));
            assertTrue(m.get("record-send-rate") > 0);
            assertTrue(m.get("byte-rate") > 0);
            assertTrue(m.get("batch-size-avg") > 61);
            assertTrue(m.get("request-latency-max") >= m.get("request-latency-avg"));
            assertEquals(0.0, m.get("record-error-total"));
            assertEquals(0.0, m.get("record-retry-total"));
            assertTrue(Arrays.asList(m.keySet().toArray()).contains("compression-rate-avg"));
            assertTrue(m.get("connection-count") >= 1, () -> "connection-count " + m.get("connection-count"));
            assertTrue(m.get("request-total") >= 2, () -> "metadata and produce requests: " + m.get("request-total"));
            assertTrue(m.get("outgoing-byte-total") > m.get("byte-total"), "the records' bytes and their framing");
            assertTrue(m.get("record-queue-time-max") >= 0);
            assertTrue(m.get("records-per-request-avg") >= 1);

            Map<String, Double> perTopic = new HashMap<>();
            Map<String, Double> perNode = new HashMap<>();
            producer.allMetrics().forEach((name, metric) -> {
                assertEquals(name.tags().get("client-id"), producer.allMetrics().keySet().iterator().next().tags()
                        .get("client-id"), "every metric carries the one client-id");
                if (name.group().equals("producer-topic-metrics") && topic.equals(name.tags().get("topic"))) {
                    perTopic.put(name.name(), (Double) metric.metricValue());
                }
                if (name.group().equals("producer-node-metrics") && name.name().equals("request-latency-max")
                        && metric.metricValue() instanceof Double d && !d.isNaN()) {
                    perNode.put(name.tags().get("node-id"), d);
                }
            });
            assertEquals(100.0, perTopic.get("record-send-total"));
            assertEquals(m.get("byte-total"), perTopic.get("byte-total"));
            assertEquals(0.0, perTopic.get("record-error-total"));
            assertFalse(perNode.isEmpty(), "the leader's node metrics have a request latency");
            perNode.forEach((node, max) -> assertTrue(node.startsWith("node-") && max <= m.get("request-latency-max")));
        }
    }
    // ---- a topic whose max.message.bytes is below batch.size -------------------------------------------------

    /** Long enough that the records sent in a loop share batches however slow the machine; flush() sends them. */
    private static final long LINGER_UNTIL_FLUSH_MS = 60_000;

    /**
     * As kafka-clients: a batch the broker refuses as larger than the topic's max.message.bytes is split and sent
     * again, so records that each fit all land, once and in order, instead of failing with their batch.
     */
    @ParameterizedTest(name = "idempotence {0}, acks {1}, {2}")
    @CsvSource({"true, all, none", "false, 1, none", "true, all, lz4"})
    void recordsOfABatchLargerThanTheTopicsMaxMessageBytesAllLandInOrder(boolean idempotence, String acks,
                                                                          String compression) throws Exception {
        String topic = uniqueTopic("split");
        kafka().createTopic(topic, 1, Map.of("max.message.bytes", "2000"));
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<Integer> callbacks = new CopyOnWriteArrayList<>();
        Map<String, Double> metrics;
        try (Producer<byte[], byte[]> producer = bytes().idempotence(idempotence).acks(Acks.parse(acks))
                .compression(CompressionType.forName(compression)).batchSize(16_384).lingerMs(LINGER_UNTIL_FLUSH_MS)
                .build()) {
            for (int i = 0; i < 100; i++) {
                byte[] value = new byte[300];
                random.nextBytes(value); // incompressible: a compressed batch of them is as large
                values.add(value);
                int index = i;
                futures.add(producer.send(ProducerRecord.of(topic, value), (md, error) -> callbacks.add(
                        error == null ? index : -1 - index)));
            }
            producer.flush();
            metrics = producer.metrics();
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, await(futures.get(i)).offset(), "record " + i);
        }
        assertEquals(IntStream.range(0, 100).boxed().toList(), callbacks, "each callback once, in send order");
        assertTrue(metrics.get("batch-split-total") >= 1,
                () -> "batch-split-total " + metrics.get("batch-split-total"));
        assertEquals(0.0, metrics.get("record-error-total"));
        List<ConsumerRecord<byte[], byte[]>> records = kafka().readAll(topic, 100);
        assertEquals(100, records.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, records.get(i).offset());
            assertArrayEquals(values.get(i), records.get(i).value(), "record " + i);
        }
    }

    @Test
    void aRecordLargerThanTheTopicsMaxMessageBytesFailsAloneNamingItsSize() throws Exception {
        String topic = uniqueTopic("too-large");
        kafka().createTopic(topic, 1, Map.of("max.message.bytes", "2000"));
        try (Producer<byte[], byte[]> producer = bytes().lingerMs(LINGER_UNTIL_FLUSH_MS).build()) {
            CompletableFuture<RecordMetadata> before = producer.send(ProducerRecord.of(topic, new byte[300]));
            CompletableFuture<RecordMetadata> large = producer.send(ProducerRecord.of(topic, new byte[3000]));
            CompletableFuture<RecordMetadata> after = producer.send(ProducerRecord.of(topic, new byte[300]));
            producer.flush();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(large));
            BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, failure.getCause());
            assertEquals(ErrorCode.MESSAGE_TOO_LARGE, error.error());
            assertTrue(error.getMessage().matches(".*its batch is 3\\d{3} bytes.*"), error.getMessage());
            assertEquals(0, await(before).offset());
            assertEquals(1, await(after).offset(), "the record after the large one lands next");
        }
    }
}
