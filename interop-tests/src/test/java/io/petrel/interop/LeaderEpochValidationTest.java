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
 * kafka-clients' consumer across broker-stub restarts, each a new leader epoch: the consumer sees the newer epoch
 * in Metadata, validates its position with OffsetForLeaderEpoch, and goes on where it was; when the log lost
 * records it had read (the segment's tail cut while the broker was down, as an unflushed tail is lost), the
 * validation finds the truncation and, with auto.offset.reset=none, the consumer says so.
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

    /** What a lost unflushed tail leaves: the segment as it was before the records of epoch 1. */
    private static void cutTo(Path segment, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
