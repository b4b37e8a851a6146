package io.petrel.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's broker MBeans, read by Kafka's names from the platform MBeanServer while Kafka's own clients run. */
class BrokerMetricsJmxTest {
    private static final String TOPIC = "metered";
    private static final int RECORDS = 500;
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void kafkaBrokerMBeansCountWhatKafkaClientsProducedAndConsumed() throws Exception {
        // The broker's clock: real time plus a skew the test moves forward, so the 5 s rate ticks pass without sleeping.
        AtomicLong skew = new AtomicLong();
        try (Broker broker = Broker.start(BrokerConfig.builder().nanoTime(() -> System.nanoTime() + skew.get()).build())) {
            String suffix = broker.metrics().jmxNameSuffix();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            long sizeBefore = logSize(suffix, 0) + logSize(suffix, 1);
            assertEquals(0, sizeBefore, "a new topic's logs are empty");
            produce(broker, 0, RECORDS);
            int consumed = consumeAll(broker);
            assertEquals(RECORDS, consumed);
            skew.addAndGet(TimeUnit.SECONDS.toNanos(6));

            ObjectName messagesIn = name("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=" + TOPIC, suffix);
            ObjectName bytesIn = name("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=" + TOPIC, suffix);
            ObjectName bytesOut = name("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec,topic=" + TOPIC, suffix);
            assertEquals((long) RECORDS, jmx.getAttribute(messagesIn, "Count"));
            assertEquals((long) RECORDS, jmx.getAttribute(
                    name("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", suffix), "Count"),
                    "all-topics MessagesInPerSec: only this test's topic was produced to");
            long sizeAfter = logSize(suffix, 0) + logSize(suffix, 1);
            assertTrue(sizeAfter > 0, "Size grew with the records");
            assertEquals(sizeAfter, jmx.getAttribute(bytesIn, "Count"),
                    "every byte appended is in the logs (no retention ran)");
            assertTrue((long) jmx.getAttribute(bytesOut, "Count") >= sizeAfter,
                    "the consumer fetched every byte at least once");
            for (ObjectName meter : List.of(messagesIn, bytesIn, bytesOut)) {
                for (String rate : List.of("MeanRate", "OneMinuteRate", "FiveMinuteRate", "FifteenMinuteRate")) {
                    assertTrue((double) jmx.getAttribute(meter, rate) > 0, meter + " " + rate + " > 0 under load");
                }
                assertEquals(TimeUnit.SECONDS, jmx.getAttribute(meter, "RateUnit"));
            }

            Set<ObjectName> produceRates = jmx.queryNames(
                    name("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=*", suffix), null);
            assertFalse(produceRates.isEmpty(), "RequestsPerSec for Produce, per version");
            long produceRequests = 0;
            for (ObjectName n : produceRates) {
                produceRequests += (long) jmx.getAttribute(n, "Count");
            }
            assertTrue(produceRequests >= 1 && produceRequests <= RECORDS, "produce requests: " + produceRequests);
            ObjectName produceTime = name("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce", suffix);
            assertEquals(produceRequests, jmx.getAttribute(produceTime, "Count"));
            double max = (double) jmx.getAttribute(produceTime, "Max");
            double p99 = (double) jmx.getAttribute(produceTime, "99thPercentile");
            double mean = (double) jmx.getAttribute(produceTime, "Mean");
            assertTrue(mean <= max && p99 <= max && max < 30_000, "mean " + mean + ", p99 " + p99 + ", max " + max);
            for (String attribute : List.of("Min", "StdDev", "50thPercentile", "75thPercentile", "95thPercentile",
                    "98thPercentile", "999thPercentile")) {
                assertTrue((double) jmx.getAttribute(produceTime, attribute) >= 0, attribute);
            }
            assertTrue((long) jmx.getAttribute(name(
                    "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Fetch", suffix), "Count") > 0);
            assertEquals(broker.metrics().partitionCount(), jmx.getAttribute(
                    name("kafka.server:type=ReplicaManager,name=PartitionCount", suffix), "Value"));
            assertTrue(broker.metrics().partitionCount() >= 2);

            BrokerMetrics snapshot = broker.metrics();
            assertEquals(RECORDS, snapshot.messagesIn(TOPIC).count());
            assertEquals(sizeAfter, snapshot.bytesIn(TOPIC).count());
            assertEquals(sizeAfter, snapshot.logSize(TOPIC, 0) + snapshot.logSize(TOPIC, 1));
            assertEquals(produceRequests, snapshot.requests("Produce").count());
            assertEquals(produceRequests, snapshot.requestTime("Produce").count());
            assertEquals(0, snapshot.messagesIn("never-produced").count());

            produce(broker, RECORDS, 100);
            assertTrue(logSize(suffix, 0) + logSize(suffix, 1) > sizeAfter, "Size grows with more records");
            assertEquals(RECORDS, snapshot.messagesIn(TOPIC).count(), "a snapshot does not change");
            assertEquals(RECORDS + 100L, broker.metrics().messagesIn(TOPIC).count());
            assertTrue(jmx.isRegistered(messagesIn));
            broker.close();
            assertFalse(jmx.isRegistered(messagesIn), "close unregisters the broker's MBeans");
            // Kafka's plain names belong to this broker alone when it holds them; else its names carry its suffix.
            String id = new ObjectName("d:k=v" + suffix).getKeyProperty("petrelBroker");
            assertTrue(jmx.queryNames(new ObjectName("kafka.*:*"), null).stream()
                    .noneMatch(n -> java.util.Objects.equals(n.getKeyProperty("petrelBroker"), id)),
                    "no MBean of this broker is left");
        }
    }

    @Test
    void aSecondBrokerInTheJvmGetsSuffixedNamesAndBothCount() throws Exception {
        try (Broker first = Broker.start(); Broker second = Broker.start()) {
            String a = first.metrics().jmxNameSuffix();
            String b = second.metrics().jmxNameSuffix();
            assertNotEquals(a, b, "two brokers never share MBean names");
            assertTrue(a.isEmpty() || b.startsWith(",petrelBroker="), "one has Kafka's names or both are suffixed");
            ObjectName firstCount = name("kafka.server:type=ReplicaManager,name=PartitionCount", a);
            ObjectName secondCount = name("kafka.server:type=ReplicaManager,name=PartitionCount", b);
            assertTrue(jmx.isRegistered(firstCount));
            assertTrue(jmx.isRegistered(secondCount));
            second.close();
            assertFalse(jmx.isRegistered(secondCount));
            assertTrue(jmx.isRegistered(firstCount), "closing one broker leaves the other's MBeans");
        }
    }

    @Test
    void aBrokerStartedWithoutJmxPublishesNoMBeansYetCountsAndLeavesKafkasNamesToTheNext() throws Exception {
        ObjectName anyPartitionCount = new ObjectName("kafka.server:type=ReplicaManager,name=PartitionCount,*");
        try (Broker quiet = Broker.start(BrokerConfig.builder().jmx(false).numPartitions(2).build())) {
            assertEquals(Set.of(), jmx.queryNames(anyPartitionCount, null), "no broker MBean while only it runs");
            assertEquals("", quiet.metrics().jmxNameSuffix());
            try (Broker published = Broker.start()) {
                assertEquals("", published.metrics().jmxNameSuffix(),
                        "the broker without JMX did not take Kafka's plain names");
                assertEquals(Set.of(name("kafka.server:type=ReplicaManager,name=PartitionCount", "")),
                        jmx.queryNames(anyPartitionCount, null), "only the publishing broker's MBean");
            }
            produce(quiet, 0, RECORDS);
            assertEquals(RECORDS, quiet.metrics().messagesIn(TOPIC).count(), "metrics() counts without JMX");
            assertEquals(Set.of(), jmx.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,*"), null),
                    "nor per-topic MBeans once its topic has traffic");
        }
    }

    private long logSize(String suffix, int partition) throws Exception {
        return (long) jmx.getAttribute(
                name("kafka.log:type=Log,name=Size,topic=" + TOPIC + ",partition=" + partition, suffix), "Value");
    }

    private static ObjectName name(String kafkaName, String suffix) throws Exception {
        return new ObjectName(kafkaName + suffix);
    }

    private static void produce(Broker broker, int from, int count) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static int consumeAll(Broker broker) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "metered-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumed < RECORDS && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                consumed += records.count();
            }
        }
        return consumed;
    }
}
