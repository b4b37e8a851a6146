package io.petrel.interop;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.LogCleanerConfig;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same writes (keys, overwrites, tombstones, several segments) into a compacted topic on broker-stub and on a
 * real Apache Kafka 4.3.1; once each has cleaned everything below its active segment, a consumer reads the same
 * (offset, key, value) list from both. Both cleaners run with a 100 ms backoff; segments roll at 1 MiB
 * (Kafka's smallest segment.bytes) on both, so records of 200 kB put five in a segment. The Kafka is the run's second
 * broker ({@link TunedRealKafka}, whose cleaner backoff this test needs).
 */
@ExtendWith(TunedRealKafka.class)
class CompactionInteropTest {
    private static final String TOPIC = "compaction-interop";
    private static final int VALUE_BYTES = 200_000;
    private static final Duration CLEANED_WITHIN = Duration.ofSeconds(90);

    private static RealKafkaBroker kafka;
    private static Broker petrel;

    @BeforeAll
    static void startBrokers(RealKafkaBroker tuned) {
        kafka = tuned;
        petrel = Broker.start(BrokerConfig.builder()
                .logCleaner(LogCleanerConfig.defaults().withBackoff(Duration.ofMillis(100))).build());
    }

    @AfterAll
    static void stopBrokerStub() {
        if (petrel != null) {
            petrel.close();
        }
    }

    /** One record as a consumer sees it; the value is summarised (its first byte and length), null for a tombstone. */
    record Entry(long offset, String key, String value) {
    }

    @Test
    void aConsumerReadsTheSameCompactedPartitionFromBothBrokers() {
        List<Entry> written = writes();
        Path kafkaDir = kafka.dataDirectory().resolve(TOPIC + "-0");
        Path petrelDir = petrel.dataDir().resolve(TOPIC + "-0");
        writeTo(kafka.bootstrapServers(), written);
        writeTo(petrel.bootstrapServers(), written);

        List<Entry> fromKafka = awaitCleaned("Kafka", kafka.bootstrapServers(), kafkaDir, written);
        List<Entry> fromPetrel = awaitCleaned("broker-stub", petrel.bootstrapServers(), petrelDir, written);

        assertEquals(fromKafka, fromPetrel);
        assertTrue(fromPetrel.size() < written.size() - 10, "overwritten records are gone: " + fromPetrel);
        assertTrue(fromPetrel.contains(new Entry(19, "k3", null)),
                "k3's last write, a tombstone, stays for delete.retention.ms");
        assertEquals(activeBase(kafkaDir), activeBase(petrelDir), "both rolled their segments at the same offsets");
        assertEquals(written.size(), endOffset(petrel.bootstrapServers()), "compaction does not renumber");
    }

    /** k0..k3 overwritten in turn, with tombstones for k2 (later rewritten) and k3 (its last write). */
    private static List<Entry> writes() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String key = "k" + (i % 4);
            boolean tombstone = i == 10 || i == 19;
            out.add(new Entry(i, key, tombstone ? null : "v" + i));
        }
        return out;
    }

    private static void writeTo(String bootstrap, List<Entry> entries) {
        try (Admin admin = Interop.admin(bootstrap)) {
            Interop.get(admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "segment.bytes", "1048576", "min.cleanable.dirty.ratio", "0.01"))))
                    .all());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Interop.producerConfig(bootstrap))) {
            for (Entry e : entries) {
                byte[] value = e.value() == null ? null : value(e.value());
                long offset = producer.send(new ProducerRecord<>(TOPIC, 0, e.key().getBytes(StandardCharsets.UTF_8),
                        value)).get().offset();
                assertEquals(e.offset(), offset);
            }
        } catch (Exception e) {
            throw new AssertionError("Writing to " + bootstrap + " failed", e);
        }
    }

    /** A value of VALUE_BYTES whose text starts with {@code text}. */
    private static byte[] value(String text) {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, (byte) '.');
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, v, 0, t.length);
        return v;
    }

    private static String summary(byte[] value) {
        if (value == null) {
            return null;
        }
        int end = 0;
        while (end < value.length && value[end] != '.') {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8) + "/" + value.length;
    }

    /**
     * What a full cleaning up to the active segment leaves: below its base, the last record of each key (tombstones
     * stay for delete.retention.ms, a day); from it on, everything.
     */
    private static List<Entry> compacted(List<Entry> written, long activeBase) {
        Map<String, Long> latest = new HashMap<>();
        for (Entry e : written) {
            if (e.offset() < activeBase) {
                latest.put(e.key(), e.offset());
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : written) {
            if (e.offset() >= activeBase || latest.get(e.key()) == e.offset()) {
                out.add(new Entry(e.offset(), e.key(), e.value() == null ? null : e.value() + "/" + VALUE_BYTES));
            }
        }
        return out;
    }

    private static List<Entry> awaitCleaned(String broker, String bootstrap, Path partitionDir, List<Entry> written) {
        AtomicReference<List<Entry>> last = new AtomicReference<>();
        AtomicReference<List<Entry>> expected = new AtomicReference<>();
        Await.until(CLEANED_WITHIN, () -> broker + " to compact below its active segment: expected " + expected.get()
                + ", read " + last.get(), () -> {
            expected.set(compacted(written, activeBase(partitionDir)));
            last.set(read(bootstrap));
            return last.get().equals(expected.get());
        });
        return last.get();
    }

    /** The base offset of the partition's newest segment file. */
    private static long activeBase(Path partitionDir) {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.log"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long endOffset(String bootstrap) {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (Admin admin = Interop.admin(bootstrap)) {
            return Interop.endOffsets(admin, List.of(tp)).get(tp);
        }
    }

    private static List<Entry> read(String bootstrap) {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        long end = endOffset(bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Interop.consumerConfig(bootstrap, null))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<Entry> out = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : Interop.readToEnd(consumer, Map.of(tp, end), Duration.ofSeconds(30))) {
                out.add(new Entry(r.offset(), new String(r.key(), StandardCharsets.UTF_8), summary(r.value())));
            }
            return out;
        }
    }
}
