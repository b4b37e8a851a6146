package io.petrel.interop.security;

import io.petrel.broker.tls.StoreType;
import io.petrel.client.ServedTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Both secured brokers work with kafka-clients on every listener: the harness stands on its own, before Petrel's
 * clients are held to it, and broker-stub's secured listeners answer kafka-clients as Apache Kafka's do. Admin
 * creates the topic, KafkaProducer writes, a KafkaConsumer in a group reads back and commits, all over the mode
 * under test.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class KafkaClientsOnSecuredBrokersTest {
    private static final int RECORDS = 200;

    @Parameter
    BrokerKind kind;
    private SecuredBroker kafka;

    @BeforeEach
    void connect(SecuredBrokers brokers) {
        kafka = brokers.get(kind);
    }

    @ParameterizedTest
    @EnumSource(SecurityMode.class)
    void kafkaClientsProduceAndConsumeInAGroup(SecurityMode mode) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig(mode, User.ADMIN));
        String topic = "secured-" + mode.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(config)) {
            ServedTopics.create(admin, topic, 2);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.put(r.key(), r.value());
                }
            }
            consumer.commitSync();
        }
        assertEquals(RECORDS, read.size(), kafka.name() + " over " + mode + ": records read back");
        assertEquals("v" + (RECORDS - 1), read.get("k" + (RECORDS - 1)));
    }

    @Test
    void aCertificateForAnotherHostFailsHostNameVerification() throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.tls().trustConfig(StoreType.PKCS12));
        config.put("security.protocol", "SSL");
        config.put("bootstrap.servers", kafka.wrongHostBootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            Exception e = assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("any", "v"))
                    .get(10, TimeUnit.SECONDS));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            assertInstanceOf(SslAuthenticationException.class, cause);
        }
        // The same listener and certificate with host-name verification off: it is the name, nothing else.
        config.put("ssl.endpoint.identification.algorithm", "");
        String topic = "wrong-host-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            assertEquals(0, producer.send(new ProducerRecord<>(topic, "v")).get(30, TimeUnit.SECONDS).offset());
        }
    }
}
