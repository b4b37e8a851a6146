package io.petrel.producer;

import io.petrel.broker.Fault;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.TimeoutException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, idempotence, non-retriable errors and backpressure, with faults injected into broker-stub. */
class ProducerFaultTest {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 3_000;

    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    private final KafkaReadBack kafka = new KafkaReadBack(BROKER.broker().bootstrapServers());

    private ProducerBuilder<String, String> producer() {
        return Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(BROKER.broker().bootstrapServers())
                .batchSize(2_048)
                .lingerMs(0)
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private String topic(String name) throws Exception {
        String topic = ProducerContract.uniqueTopic(name);
        kafka.createTopic(topic, PARTITIONS);
        return topic;
    }

    /** Sends RECORDS numbered records over the partitions, and waits for every one. */
    private static Map<String, Double> sendNumbered(Producer<String, String> producer, String topic) throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            futures.add(producer.send(ProducerRecord.<String, String>builder(topic).partition(i % PARTITIONS)
                    .value(Integer.toString(i)).build()));
        }
        for (CompletableFuture<RecordMetadata> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        return producer.metrics();
    }

    /**
     * Loads the topic's metadata, asking again while a lookup outlasts max.block.ms, as a user would: a test that makes
     * max.block.ms short for a full buffer also bounds its first lookup by it (one took over 300 ms at load 31).
     */
    private static void awaitPartitions(Producer<String, String> producer, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    /** Every record exactly once, and each partition in send order. */
    private void assertExactlyOnceInOrder(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll(topic, RECORDS);
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                    .add(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)));
        }
        assertEquals(RECORDS, records.size(), "every record exactly once");
        byPartition.forEach((partition, values) -> {
            for (int i = 0; i < values.size(); i++) {
                assertEquals(partition + i * PARTITIONS, values.get(i), "partition " + partition + " position " + i);
            }
        });
    }

    @Test
    void notLeaderIsRetriedAndIdempotenceKeepsOrderAndWritesOnce() throws Exception {
        String topic = topic("not-leader");
        Fault fault = BROKER.broker().faults().failPartition(ApiKey.PRODUCE, topic, 0,
                ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
        try (Producer<String, String> producer = producer().build()) {
            Map<String, Double> metrics = sendNumbered(producer, topic);
            assertTrue(metrics.get("record-retry-total") > 0, metrics.toString());
            assertEquals(0.0, metrics.get("record-error-total"));
        }
        assertEquals(3, fault.fired());
        assertExactlyOnceInOrder(topic);
    }

    @Test
    void aResponseSlowerThanTheRequestTimeoutIsRetriedWithoutADuplicate() throws Exception {
        String topic = topic("slow");
        try (Producer<String, String> producer = producer().requestTimeout(Duration.ofMillis(400))
                .deliveryTimeout(Duration.ofSeconds(60)).build()) {
            producer.partitionsFor(topic);
            Fault slow = BROKER.broker().faults().delayResponses(ApiKey.PRODUCE, Duration.ofMillis(1_200), 1);
            Map<String, Double> metrics = sendNumbered(producer, topic);
            assertEquals(1, slow.fired());
            assertTrue(metrics.get("record-retry-total") > 0, metrics.toString());
        }
        assertExactlyOnceInOrder(topic);
    }

    @Test
    void aDroppedConnectionIsRetriedWithoutADuplicate() throws Exception {
        String topic = topic("dropped");
        try (Producer<String, String> producer = producer().build()) {
            producer.partitionsFor(topic);
            Fault drop = BROKER.broker().faults().dropConnection(ApiKey.PRODUCE, 2);
            Map<String, Double> metrics = sendNumbered(producer, topic);
            assertEquals(2, drop.fired());
            assertTrue(metrics.get("record-retry-total") > 0, metrics.toString());
        }
        assertExactlyOnceInOrder(topic);
    }

    @Test
    void withoutIdempotenceOneInFlightStillKeepsOrder() throws Exception {
        String topic = topic("one-in-flight");
        BROKER.broker().faults().failPartition(ApiKey.PRODUCE, topic, 1, ErrorCode.NOT_LEADER_OR_FOLLOWER, 2);
        try (Producer<String, String> producer = producer().idempotence(false).acks(Acks.LEADER)
                .maxInFlightRequestsPerConnection(1).build()) {
            sendNumbered(producer, topic);
        }
        assertExactlyOnceInOrder(topic);
    }

    @Test
    void aNonRetriableErrorFailsExactlyTheAffectedRecords() throws Exception {
        String topic = topic("denied");
        try (Producer<String, String> producer = producer().linger(Duration.ofSeconds(60)).batchSize(16_384).build()) {
            producer.partitionsFor(topic);
            Fault denied = BROKER.broker().faults().failPartition(ApiKey.PRODUCE, topic, 1,
                    ErrorCode.TOPIC_AUTHORIZATION_FAILED, 1);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                futures.add(producer.send(ProducerRecord.<String, String>builder(topic).partition(i % PARTITIONS)
                        .value("v" + i).build()));
            }
            producer.flush();
            assertEquals(1, denied.fired());
            for (int i = 0; i < 30; i++) {
                CompletableFuture<RecordMetadata> f = futures.get(i);
                if (i % PARTITIONS == 1) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
                    BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, e.getCause());
                    assertEquals(ErrorCode.TOPIC_AUTHORIZATION_FAILED, error.error());
                    assertTrue(error.getMessage().contains(topic + "-1"), error.getMessage());
                } else {
                    assertEquals(i % PARTITIONS, f.get(1, TimeUnit.SECONDS).partition());
                }
            }
            assertEquals(10.0, producer.metrics().get("record-error-total"));
            CompletableFuture<RecordMetadata> next = producer.send(ProducerRecord.<String, String>builder(topic)
                    .partition(1).value("after").build());
            producer.flush();
            RecordMetadata after = next.get(30, TimeUnit.SECONDS);
            assertEquals(0, after.offset(), "the partition takes records again after the failure");
        }
        assertEquals(21, kafka.readAll(topic, 21).size());
    }

    @Test
    void aFullBufferBlocksSendForMaxBlockThenFailsAndLosesNothingAcknowledged() throws Exception {
        String topic = topic("backpressure");
        String value = "x".repeat(1_000);
        try (Producer<String, String> producer = producer().bufferMemory(16_000).maxBlock(Duration.ofMillis(300))
                .batchSize(4_096).build()) {
            awaitPartitions(producer, topic);
            BROKER.broker().faults().delayResponses(ApiKey.PRODUCE, Duration.ofSeconds(3), 5);
            List<CompletableFuture<RecordMetadata>> accepted = new ArrayList<>();
            CompletableFuture<RecordMetadata> refused = null;
            long blockedMs = 0;
            for (int i = 0; i < 100 && refused == null; i++) {
                long start = System.nanoTime();
                CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, value));
                if (f.isCompletedExceptionally()) {
                    refused = f;
                    blockedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                } else {
                    accepted.add(f);
                }
            }
            assertTrue(refused != null, "the buffer never filled up");
            assertTrue(blockedMs >= 290, "send() blocked only " + blockedMs + " ms");
            CompletableFuture<RecordMetadata> failed = refused;
            ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(1, TimeUnit.SECONDS));
            TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(timeout.getMessage().contains("buffer.memory") && timeout.getMessage().contains("max.block.ms"),
                    timeout.getMessage());
            BROKER.broker().faults().clear();
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : accepted) {
                assertTrue(f.get(30, TimeUnit.SECONDS).hasOffset());
            }
            assertEquals(accepted.size(), kafka.readAll(topic, accepted.size()).size());
        }
    }
}
