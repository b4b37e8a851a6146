package io.petrel.producer;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.serializers.ByteArraySerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rough side-by-side of Petrel's producer and kafka-clients' on one in-process broker-stub, shaped like
 * Kafka's ProducerPerformance (100-byte random A-Z values, acks=1, linger.ms=5, batch.size=65536). Not a
 * benchmark (the benchmarks module has JMH); run with {@code -Dpetrel.perf=true} to see where things stand,
 * adding {@code -Dpetrel.bootstrap=host:port} to use a running broker (a real Kafka) instead.
 */
@EnabledIfSystemProperty(named = "petrel.perf", matches = "true")
class ThroughputComparisonTest {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int RECORDS = Integer.getInteger("petrel.perf.records", 1_000_000);
    /** acks: "1" as ProducerPerformance is usually run, or "all" for both clients' defaults (idempotent). */
    private static final String ACKS = System.getProperty("petrel.perf.acks", "1");

    @Test
    void petrelBesideKafkaClients() throws Exception {
        String compression = System.getProperty("petrel.perf.compression", "none");
        String external = System.getProperty("petrel.bootstrap");
        try (Broker broker = external == null ? Broker.start(BrokerConfig.builder().build()) : null) {
            String bootstrap = external != null ? external : broker.bootstrapServers();
            byte[] payload = payload();
            for (int round = 0; round < 3; round++) {
                String suffix = "-" + round + "-" + System.nanoTime();
                double kafka = kafkaClients(bootstrap, "kafka" + suffix, payload, compression);
                double petrel = petrel(bootstrap, "petrel" + suffix, payload, compression);
                System.out.printf("round %d, acks=" + ACKS + ", %s: petrel %.0f rec/s, kafka-clients %.0f rec/s, ratio %.2f%n",
                        round, compression, petrel, kafka, petrel / kafka);
            }
        }
        assertTrue(true);
    }

    private static byte[] payload() {
        byte[] payload = new byte[100];
        Random random = new Random(1);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        return payload;
    }

    private static double petrel(String bootstrap, String topic, byte[] payload, String compression) throws Exception {
        try (Producer<byte[], byte[]> producer = Producer.builder(new ByteArraySerializer(), new ByteArraySerializer())
                .bootstrapServers(bootstrap).acks(Acks.parse(ACKS)).lingerMs(5).batchSize(65_536)
                .config("compression.type", compression).build()) {
            producer.partitionsFor(topic);
            CountDownLatch done = new CountDownLatch(RECORDS);
            long start = System.nanoTime();
            long cpu = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(ProducerRecord.of(topic, payload), (md, e) -> done.countDown());
            }
            System.out.printf("  petrel send() CPU: %d ns/record%n", (CPU.getCurrentThreadCpuTime() - cpu) / RECORDS);
            done.await(5, TimeUnit.MINUTES);
            return RECORDS / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double kafkaClients(String bootstrap, String topic, byte[] payload, String compression)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", ACKS);
        props.put("linger.ms", "5");
        props.put("batch.size", "65536");
        props.put("compression.type", compression);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.partitionsFor(topic);
            CountDownLatch done = new CountDownLatch(RECORDS);
            long start = System.nanoTime();
            long cpu = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, payload),
                        (md, e) -> done.countDown());
            }
            System.out.printf("  kafka-clients send() CPU: %d ns/record%n",
                    (CPU.getCurrentThreadCpuTime() - cpu) / RECORDS);
            done.await(5, TimeUnit.MINUTES);
            return RECORDS / ((System.nanoTime() - start) / 1e9);
        }
    }
}
