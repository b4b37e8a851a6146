package io.petrel.interop;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.Fault;
import io.petrel.protocol.ApiKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients' consumer and Petrel's across broker-stub restarts, each a new leader epoch: the consumer sees the
 * newer epoch in Metadata, validates its position with OffsetForLeaderEpoch, and goes on where it was; when the log
 * lost records it had read (the segment's tail cut while the broker was down, as an unflushed tail is lost), the
 * validation finds the truncation and, with auto.offset.reset=none, the consumer says so (LogTruncationException
 * at Kafka's divergent offset); with a reset policy it reads on from the divergent offset.
 */
class LeaderEpochValidationTest {
    private static final String TOPIC = "epochs";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Broker start(int port) {
        Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).port(port).build());
        open.add(broker);
        return broker;
    }

    private void stop(Broker broker) throws Exception {
        broker.close();
        open.remove(broker);
    }

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Interop.producerConfig(bootstrap))) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties config = Interop.consumerConfig(bootstrap, null);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        open.add(0, consumer);
        consumer.assign(List.of(TP));
        consumer.seek(TP, 0);
        return consumer;
    }

    private static List<String> offsetsAndEpochs(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> r.offset() + "@" + r.leaderEpoch().map(String::valueOf).orElse("?")).toList();
    }

    @Test
    void afterARestartTheConsumerValidatesItsPositionAndReadsOn() throws Exception {
        Broker first = start(0);
        int port = first.port();
        try (var admin = Interop.admin(first.bootstrapServers())) {
            Interop.createTopic(admin, TOPIC, 1);
        }
        produce(first.bootstrapServers(), 0, 3);
        KafkaConsumer<byte[], byte[]> consumer = consumer(first.bootstrapServers());
        assertEquals(List.of("0@0", "1@0", "2@0"), offsetsAndEpochs(Interop.read(consumer, 3, Duration.ofSeconds(30))));
        stop(first);

        Broker second = start(port);
        Fault validations = second.faults().delayResponses(ApiKey.OFFSET_FOR_LEADER_EPOCH, Duration.ofMillis(1), 1000);
        produce(second.bootstrapServers(), 3, 2);

        assertEquals(List.of("3@1", "4@1"), offsetsAndEpochs(Interop.read(consumer, 2, Duration.ofSeconds(30))),
                "read on at its position, the new records under epoch 1");
        assertTrue(validations.fired() >= 1, "the consumer validated its position with OffsetForLeaderEpoch");
    }

    @Test
    void recordsLostUnderTheConsumerAreReportedAsLogTruncation() throws Exception {
        Broker first = start(0);
        int port = first.port();
        try (var admin = Interop.admin(first.bootstrapServers())) {
            Interop.createTopic(admin, TOPIC, 1);
        }
        produce(first.bootstrapServers(), 0, 3);
        stop(first);
        Path segment = dataDir.resolve(TOPIC + "-0").resolve("00000000000000000000.log");
        long epochZeroBytes = Files.size(segment);

        Broker second = start(port);
        produce(second.bootstrapServers(), 3, 3);
        KafkaConsumer<byte[], byte[]> consumer = consumer(second.bootstrapServers());
        assertEquals(List.of("0@0", "1@0", "2@0", "3@1", "4@1", "5@1"),
                offsetsAndEpochs(Interop.read(consumer, 6, Duration.ofSeconds(30))));
        stop(second);
        cutTo(segment, epochZeroBytes);

        start(port);
        LogTruncationException truncated = assertThrows(LogTruncationException.class, () -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
        });
        Map<TopicPartition, OffsetAndMetadata> divergent = truncated.divergentOffsets();
        assertEquals(3, divergent.get(TP).offset(), "epoch 0, the last one the log still has, ends at offset 3");
        assertEquals(Optional.of(0), divergent.get(TP).leaderEpoch());
    }

    // ---- the same for Petrel's consumer ----

    private io.petrel.consumer.Consumer<byte[], byte[]> petrelConsumer(String bootstrap, String reset) {
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = io.petrel.consumer.Consumer.create(Map.of(
                "bootstrap.servers", bootstrap, "auto.offset.reset", reset, "retry.backoff.ms", 50),
                new io.petrel.serializers.ByteArrayDeserializer(), new io.petrel.serializers.ByteArrayDeserializer());
        open.add(0, consumer);
        consumer.assign(List.of(PETREL_TP));
        consumer.seek(PETREL_TP, 0);
        return consumer;
    }

    private static final io.petrel.client.TopicPartition PETREL_TP = new io.petrel.client.TopicPartition(TOPIC, 0);

    private static List<String> petrelRead(io.petrel.consumer.Consumer<byte[], byte[]> consumer, int count) {
        List<String> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (read.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(r ->
                    read.add(r.offset() + "@" + r.leaderEpoch().map(String::valueOf).orElse("?")));
        }
        return read;
    }

    @Test
    void afterARestartPetrelsConsumerValidatesItsPositionAndReadsOn() throws Exception {
        Broker first = start(0);
        int port = first.port();
        try (var admin = Interop.admin(first.bootstrapServers())) {
            Interop.createTopic(admin, TOPIC, 1);
        }
        produce(first.bootstrapServers(), 0, 3);
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = petrelConsumer(first.bootstrapServers(), "none");
        assertEquals(List.of("0@0", "1@0", "2@0"), petrelRead(consumer, 3));
        stop(first);

        Broker second = start(port);
        Fault validations = second.faults().delayResponses(ApiKey.OFFSET_FOR_LEADER_EPOCH, Duration.ofMillis(1), 1000);
        produce(second.bootstrapServers(), 3, 2);

        assertEquals(List.of("3@1", "4@1"), petrelRead(consumer, 2),
                "read on at its position, the new records under epoch 1");
        assertTrue(validations.fired() >= 1, "the consumer validated its position with OffsetForLeaderEpoch");
    }

    /** Offsets 0-2 under epoch 0 and 3-5 under epoch 1 read by Petrel's consumer, then the log cut back to epoch 0. */
    private io.petrel.consumer.Consumer<byte[], byte[]> petrelConsumerOverATruncatedLog(String reset) throws Exception {
        Broker first = start(0);
        int port = first.port();
        try (var admin = Interop.admin(first.bootstrapServers())) {
            Interop.createTopic(admin, TOPIC, 1);
        }
        produce(first.bootstrapServers(), 0, 3);
        stop(first);
        Path segment = dataDir.resolve(TOPIC + "-0").resolve("00000000000000000000.log");
        long epochZeroBytes = Files.size(segment);

        Broker second = start(port);
        produce(second.bootstrapServers(), 3, 3);
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = petrelConsumer(second.bootstrapServers(), reset);
        assertEquals(List.of("0@0", "1@0", "2@0", "3@1", "4@1", "5@1"), petrelRead(consumer, 6));
        stop(second);
        cutTo(segment, epochZeroBytes);
        Broker third = start(port);
        produce(third.bootstrapServers(), 3, 1);
        return consumer;
    }

    @Test
    void recordsLostUnderPetrelsConsumerAreReportedAsLogTruncation() throws Exception {
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = petrelConsumerOverATruncatedLog("none");
        io.petrel.consumer.LogTruncationException truncated = assertThrows(
                io.petrel.consumer.LogTruncationException.class, () -> petrelRead(consumer, 1));
        assertEquals(Map.of(PETREL_TP, 6L), truncated.offsetOutOfRangePartitions(), "the fetch position");
        assertEquals(Map.of(PETREL_TP, new io.petrel.client.OffsetAndMetadata(3, Optional.of(0), "")),
                truncated.divergentOffsets(), "epoch 0, the last one the log still has, ends at offset 3");
        assertTrue(truncated.getMessage().contains("partition epochs-0 at fetch position 6 (leader epoch 1) diverges"
                + " from the log at offset 3 (leader epoch 0)"), truncated.getMessage());
        assertTrue(truncated instanceof io.petrel.consumer.OffsetOutOfRangeException, "of the out-of-range family");
    }

    @Test
    void withAResetPolicyPetrelsConsumerReadsOnFromTheDivergentOffset() throws Exception {
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = petrelConsumerOverATruncatedLog("earliest");
        assertEquals(List.of("3@2"), petrelRead(consumer, 1), "the record written after the truncation, epoch 2");
    }

    /** What a lost unflushed tail leaves: the segment as it was before the records of epoch 1. */
    private static void cutTo(Path segment, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
