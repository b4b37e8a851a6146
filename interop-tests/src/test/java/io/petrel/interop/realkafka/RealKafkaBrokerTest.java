package io.petrel.interop.realkafka;

import io.petrel.client.ServedTopics;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared real broker works end to end with kafka-clients: Admin, KafkaProducer (acks=all), KafkaConsumer. */
@ExtendWith(RealKafkaExtension.class)
class RealKafkaBrokerTest {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 1000;

    @Test
    void producesAndConsumesThroughTheRealBroker(RealKafkaBroker kafka) throws Exception {
        SharedBrokerWitness.saw(kafka);
        System.out.printf("RealKafkaBroker %s started in %d ms, RSS %s KiB%n", kafka,
                kafka.startupTime().toMillis(), kafka.residentSetKiB().map(String::valueOf).orElse("?"));
        String topic = "smoke-" + System.nanoTime();

        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
            ServedTopics.awaitLeaders(admin, topic, PARTITIONS);
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(PARTITIONS, description.partitions().size());
            assertEquals(kafka.clusterId(), admin.describeCluster().clusterId().get());
        }

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<Integer, Integer> sentPerPartition = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                sentPerPartition.merge(ack.get().partition(), 1, Integer::sum);
            }
        }
        assertEquals(Set.of(0, 1, 2), sentPerPartition.keySet(), "keys spread over every partition");

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "smoke-group-" + System.nanoTime());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < RECORDS && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    received.put(r.key(), r.value());
                }
            }
            consumer.commitSync();
        }
        assertEquals(RECORDS, received.size());
        for (int i = 0; i < RECORDS; i++) {
            assertEquals("value-" + i, received.get("key-" + i));
        }
        assertTrue(kafka.isAlive());
    }
}
