package io.petrel.broker;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults as Apache Kafka's own Java clients meet them. */
class KafkaClientFaultTest {
    private static final int RECORDS = 300;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    @Test
    void anIdempotentProducerRetriesNotLeaderAndEveryRecordArrivesOnceInOrder() throws Exception {
        Broker broker = kafka.broker();
        String topic = "idempotent-retries";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256, // small batches, so several are in flight when the faults hit
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Fault[] notLeader = new Fault[1];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            // The first record goes in before the faults, so the broker knows the producer: a broker takes
            // any sequence as an unknown producer's first (Kafka too), so failing a new producer's first
            // batch while a later one in flight succeeds would leave a gap the producer cannot close.
            sent.add(producer.send(new ProducerRecord<>(topic, 0, "key-0", "value-0")));
            assertEquals(0, sent.get(0).get(30, TimeUnit.SECONDS).offset());

            notLeader[0] = broker.faults().failPartition(ApiKey.PRODUCE, topic, 0, ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
            for (int i = 1; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0, "key-" + i, "value-" + i)));
            }
            producer.flush();
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(i, sent.get(i).get(30, TimeUnit.SECONDS).offset(), "record " + i + " is at offset " + i);
            }
        }
        assertEquals(3, notLeader[0].fired(), "the producer met all three injected errors");
        assertTrue(notLeader[0].exhausted());

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertEquals(RECORDS, consumer.endOffsets(List.of(partition)).get(partition), "no duplicate was appended");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < RECORDS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
        }
        assertEquals(RECORDS, read.size());
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(i, read.get(i).offset());
            assertEquals("key-" + i, read.get(i).key());
            assertEquals("value-" + i, read.get(i).value(), "records arrive in the order they were sent");
        }
    }
}
