package io.petrel.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fetched records reach a kafka-clients consumer whole and in order however the broker sends them: small fetches
 * (records read into the response's buffers, the response written in one go) and large ones (records sent from the
 * segment file), with both partitions of a topic in each response.
 */
class FetchedRecordsOverTheWireTest {
    private static final String TOPIC = "over-the-wire";
    private static final int PER_PARTITION = 2_000;
    private static final int VALUE_BYTES = 200;

    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    @BeforeAll
    static void produce() throws Exception {
        Broker broker = kafka.broker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.BATCH_SIZE_CONFIG, 16_384,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PER_PARTITION; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, value(partition, i)));
                }
            }
            producer.flush();
        }
    }

    /** 4 KiB per partition: every response is under the copy limit; 1 MiB: the first ones are far over it. */
    @ParameterizedTest
    @ValueSource(ints = {4_096, 1_048_576})
    void everyRecordArrivesWithItsBytesInOrder(int maxPartitionFetchBytes) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes,
                ConsumerConfig.CHECK_CRCS_CONFIG, true), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int[] next = new int[2];
            Instant deadline = Instant.now().plusSeconds(60);
            while ((next[0] < PER_PARTITION || next[1] < PER_PARTITION) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    int partition = record.partition();
                    assertEquals(next[partition], record.offset(), "offsets of partition " + partition + " in order");
                    assertArrayEquals(value(partition, next[partition]), record.value(),
                            "value at offset " + record.offset() + " of partition " + partition);
                    next[partition]++;
                }
            }
            assertTrue(next[0] == PER_PARTITION && next[1] == PER_PARTITION,
                    "read " + Arrays.toString(next) + " of " + PER_PARTITION + " per partition");
        }
    }

    private static byte[] value(int partition, int index) {
        ByteBuffer value = ByteBuffer.allocate(VALUE_BYTES);
        while (value.hasRemaining()) {
            value.put((byte) (31 * index + 7 * partition + value.position()));
        }
        return value.array();
    }
}
