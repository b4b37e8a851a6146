package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.client.ServedTopics;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Petrel's metrics over JMX, by kafka-clients' MBean names, while a Petrel producer and consumer run against
 * broker-stub: every metric issue #18 lists is read by its MBean name and checked for plausibility against what
 * the test measured itself, and the MBeans and attributes of the same workload run with kafka-clients 4.3.1 are
 * compared with Petrel's, the differences being exactly the documented gaps, for either group protocol
 * (group.protocol=consumer also on a real Apache Kafka 4.3.1); the consumer protocol's rebalance metrics are read
 * and checked as the classic one's are.
 */
@ExtendWith(RealKafkaExtension.class)
class JmxMetricsTest {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final int RECORDS = 3_000;
    private static final int PARTITIONS = 2;

    /**
     * What kafka-clients 4.3.1 exposes for this workload that Petrel does not, whichever group protocol, as
     * "type attribute" (tags normalized): its selector's own loop (select, io-wait/io-time; Petrel's Netty event
     * loops have no such loop), authentication counters, transaction and flush timers, listener-callback timings,
     * heartbeat-response-time-max, poll-idle-ratio, metadata timers, and app-info's second MBean (type=app-info,id=).
     */
    private static final Set<String> KAFKA_ONLY = Set.of(
            "producer-metrics failed-authentication-rate", "producer-metrics failed-authentication-total",
            "producer-metrics failed-reauthentication-rate", "producer-metrics failed-reauthentication-total",
            "producer-metrics flush-time-ns-total", "producer-metrics io-ratio", "producer-metrics io-time-ns-avg",
            "producer-metrics io-time-ns-total", "producer-metrics io-wait-ratio", "producer-metrics io-wait-time-ns-avg",
            "producer-metrics io-wait-time-ns-total", "producer-metrics metadata-age",
            "producer-metrics metadata-wait-time-ns-total", "producer-metrics reauthentication-latency-avg",
            "producer-metrics reauthentication-latency-max", "producer-metrics requests-in-flight",
            "producer-metrics select-rate", "producer-metrics select-total",
            "producer-metrics successful-authentication-no-reauth-total",
            "producer-metrics successful-authentication-rate", "producer-metrics successful-authentication-total",
            "producer-metrics successful-reauthentication-rate", "producer-metrics successful-reauthentication-total",
            "producer-metrics txn-abort-time-ns-total", "producer-metrics txn-begin-time-ns-total",
            "producer-metrics txn-commit-time-ns-total", "producer-metrics txn-init-time-ns-total",
            "producer-metrics txn-prepare-time-ns-total", "producer-metrics txn-send-offsets-time-ns-total",
            "app-info,id CommitId", "app-info,id StartTimeMs", "app-info,id Version",
            "consumer-metrics commit-sync-time-ns-total", "consumer-metrics committed-time-ns-total",
            "consumer-metrics failed-authentication-rate", "consumer-metrics failed-authentication-total",
            "consumer-metrics failed-reauthentication-rate", "consumer-metrics failed-reauthentication-total",
            "consumer-metrics io-ratio", "consumer-metrics io-time-ns-avg", "consumer-metrics io-time-ns-total",
            "consumer-metrics io-wait-ratio", "consumer-metrics io-wait-time-ns-avg",
            "consumer-metrics io-wait-time-ns-total", "consumer-metrics poll-idle-ratio-avg",
            "consumer-metrics reauthentication-latency-avg", "consumer-metrics reauthentication-latency-max",
            "consumer-metrics select-rate", "consumer-metrics select-total",
            "consumer-metrics successful-authentication-no-reauth-total",
            "consumer-metrics successful-authentication-rate", "consumer-metrics successful-authentication-total",
            "consumer-metrics successful-reauthentication-rate", "consumer-metrics successful-reauthentication-total",
            "consumer-coordinator-metrics heartbeat-response-time-max",
            "consumer-coordinator-metrics partition-assigned-latency-avg",
            "consumer-coordinator-metrics partition-assigned-latency-max",
            "consumer-coordinator-metrics partition-lost-latency-avg",
            "consumer-coordinator-metrics partition-lost-latency-max",
            "consumer-coordinator-metrics partition-revoked-latency-avg",
            "consumer-coordinator-metrics partition-revoked-latency-max",
            "consumer-fetch-manager-metrics fetch-size-avg", "consumer-fetch-manager-metrics fetch-size-max",
            "consumer-fetch-manager-metrics records-per-request-avg",
            "consumer-fetch-manager-metrics,partition,topic preferred-read-replica",
            "consumer-fetch-manager-metrics,topic fetch-size-avg", "consumer-fetch-manager-metrics,topic fetch-size-max",
            "consumer-fetch-manager-metrics,topic records-per-request-avg");

    /** The classic protocol's JoinGroup and SyncGroup timings (Petrel times the whole rebalance only). */
    private static final Set<String> KAFKA_ONLY_CLASSIC = Set.of(
            "consumer-coordinator-metrics join-rate", "consumer-coordinator-metrics join-time-avg",
            "consumer-coordinator-metrics join-time-max", "consumer-coordinator-metrics join-total",
            "consumer-coordinator-metrics sync-rate", "consumer-coordinator-metrics sync-time-avg",
            "consumer-coordinator-metrics sync-time-max", "consumer-coordinator-metrics sync-total");

    /**
     * With group.protocol=consumer kafka-clients runs its AsyncKafkaConsumer, whose event queues between the
     * application thread and its network thread have metrics (KIP-1068) that Petrel, with no such queues, lacks.
     * Its rebalance metrics (ConsumerRebalanceMetricsManager) have the classic names, all of which Petrel has.
     */
    private static final Set<String> KAFKA_ONLY_CONSUMER_PROTOCOL = Set.of(
            "consumer-metrics application-event-queue-processing-time-avg",
            "consumer-metrics application-event-queue-processing-time-max",
            "consumer-metrics application-event-queue-size", "consumer-metrics application-event-queue-time-avg",
            "consumer-metrics application-event-queue-time-max", "consumer-metrics application-events-expired-count",
            "consumer-metrics background-event-queue-processing-time-avg",
            "consumer-metrics background-event-queue-processing-time-max",
            "consumer-metrics background-event-queue-size", "consumer-metrics background-event-queue-time-avg",
            "consumer-metrics background-event-queue-time-max", "consumer-metrics time-between-network-thread-poll-avg",
            "consumer-metrics time-between-network-thread-poll-max", "consumer-metrics unsent-requests-queue-size",
            "consumer-metrics unsent-requests-queue-time-avg", "consumer-metrics unsent-requests-queue-time-max");

    private static Set<String> kafkaOnly(String groupProtocol) {
        Set<String> all = new TreeSet<>(KAFKA_ONLY);
        all.addAll(groupProtocol.equals("consumer") ? KAFKA_ONLY_CONSUMER_PROTOCOL : KAFKA_ONLY_CLASSIC);
        return all;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createTopic(String topic) throws Exception {
        createTopic(BROKER.broker().bootstrapServers(), topic);
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            ServedTopics.create(admin, topic, PARTITIONS);
        }
    }

    private static double attr(String mbean, String attribute) throws Exception {
        Object value = JMX.getAttribute(new ObjectName(mbean), attribute);
        assertTrue(value instanceof Number, () -> mbean + " " + attribute + " is " + value);
        return ((Number) value).doubleValue();
    }

    private static void between(double low, double value, double high, String what) {
        assertTrue(value >= low && value <= high, () -> what + " = " + value + ", expected within [" + low + ", "
                + high + "]");
    }

    @Test
    void everyListedMetricIsReadOverJmxByKafkasMBeanNameAndIsPlausible() throws Exception {
        String topic = unique("jmx");
        createTopic(topic);
        String producerId = unique("petrel-jmx-producer");
        String consumerId = unique("petrel-jmx-consumer");
        String p = "kafka.producer:type=producer-metrics,client-id=" + producerId;
        long sendStarted = System.nanoTime();
        long sendMs;
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(BROKER.broker().bootstrapServers()).clientId(producerId)
                .compression(CompressionType.LZ4).lingerMs(5).build()) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(ProducerRecord.of(topic, "key-" + i, "value-value-value-" + i)));
            }
            producer.flush();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
            sendMs = (System.nanoTime() - sendStarted) / 1_000_000 + 1;

            assertTrue(attr(p, "record-send-rate") > 0);
            assertEquals(RECORDS, attr(p, "record-send-total"));
            assertEquals(0.0, attr(p, "record-error-rate"));
            assertEquals(0.0, attr(p, "record-retry-rate"));
            double latencyAvg = attr(p, "request-latency-avg");
            between(0, latencyAvg, sendMs, "request-latency-avg");
            between(latencyAvg, attr(p, "request-latency-max"), sendMs, "request-latency-max");
            assertTrue(attr(p, "batch-size-avg") > 0);
            between(0.01, attr(p, "compression-rate-avg"), 0.99, "compression-rate-avg of lz4 on repetitive values");
            assertEquals(attr(p, "buffer-total-bytes"), attr(p, "buffer-available-bytes"), "all acknowledged");
            assertEquals(0.0, attr(p, "bufferpool-wait-time-ns-total"), "32 MB never filled");
            assertEquals(0.0, attr(p, "bufferpool-wait-ratio"));
            between(1, attr(p, "records-per-request-avg"), RECORDS, "records-per-request-avg");
            between(0, attr(p, "record-queue-time-avg"), sendMs, "record-queue-time-avg");
            between(0, attr(p, "record-queue-time-max"), sendMs, "record-queue-time-max");
            assertEquals(0.0, attr(p, "produce-throttle-time-avg"), "no quota");
            assertEquals(0.0, attr(p, "produce-throttle-time-max"));
            between(1, attr(p, "connection-count"), 3, "connection-count");
            assertTrue(attr(p, "connection-creation-rate") > 0);
            assertTrue(attr(p, "request-rate") > 0);
            assertTrue(attr(p, "response-rate") > 0);
            assertTrue(attr(p, "outgoing-byte-rate") > 0);
            assertTrue(attr(p, "incoming-byte-rate") > 0);

            String t = "kafka.producer:type=producer-topic-metrics,client-id=" + producerId + ",topic=" + topic;
            assertEquals(RECORDS, attr(t, "record-send-total"));
            assertTrue(attr(t, "record-send-rate") > 0);
            assertTrue(attr(t, "byte-rate") > 0);
            String n = "kafka.producer:type=producer-node-metrics,client-id=" + producerId + ",node-id=node-"
                    + BROKER.broker().config().nodeId();
            between(0, attr(n, "request-latency-max"), sendMs, "the broker's request-latency-max");
            assertTrue(attr(n, "outgoing-byte-rate") > 0);
        }
        assertTrue(JMX.queryNames(new ObjectName("kafka.producer:client-id=" + producerId + ",*"), null).isEmpty(),
                "close() unregisters the producer's MBeans");

        String c = "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=" + consumerId;
        String coordinator = "kafka.consumer:type=consumer-coordinator-metrics,client-id=" + consumerId;
        String consumerMetrics = "kafka.consumer:type=consumer-metrics,client-id=" + consumerId;
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(BROKER.broker().bootstrapServers()).clientId(consumerId).groupId(unique("jmx-group"))
                .autoOffsetReset(AutoOffsetReset.EARLIEST).enableAutoCommit(false).build()) {
            long subscribed = System.nanoTime();
            consumer.subscribe(List.of(topic));
            int read = 0;
            while (read < RECORDS) {
                read += consumer.poll(Duration.ofMillis(200)).count();
                if (System.nanoTime() - subscribed > Duration.ofSeconds(60).toNanos()) {
                    fail("read only " + read + " of " + RECORDS);
                }
            }
            long consumeMs = (System.nanoTime() - subscribed) / 1_000_000 + 1;
            long commitStarted = System.nanoTime();
            consumer.commitSync();
            long commitMs = (System.nanoTime() - commitStarted) / 1_000_000 + 1;

            assertTrue(attr(c, "records-consumed-rate") > 0);
            assertEquals(RECORDS, attr(c, "records-consumed-total"));
            assertTrue(attr(c, "bytes-consumed-rate") > 0);
            double fetchAvg = attr(c, "fetch-latency-avg");
            between(0, fetchAvg, consumeMs, "fetch-latency-avg");
            between(fetchAvg, attr(c, "fetch-latency-max"), consumeMs + 500, "fetch-latency-max (fetch.max.wait.ms 500)");
            assertTrue(attr(c, "records-lag-max") >= 0);
            assertEquals(0.0, attr(c, "fetch-throttle-time-avg"), "no quota");
            assertEquals(0.0, attr(c, "fetch-throttle-time-max"));
            double commitAvg = attr(coordinator, "commit-latency-avg");
            between(0, commitAvg, commitMs, "commit-latency-avg");
            between(commitAvg, attr(coordinator, "commit-latency-max"), commitMs, "commit-latency-max");
            double rebalanceAvg = attr(coordinator, "rebalance-latency-avg");
            between(0, rebalanceAvg, consumeMs, "rebalance-latency-avg");
            between(rebalanceAvg, attr(coordinator, "rebalance-latency-max"), consumeMs, "rebalance-latency-max");
            assertEquals(1.0, attr(coordinator, "rebalance-total"));
            assertEquals(0.0, attr(coordinator, "failed-rebalance-total"));
            assertEquals(PARTITIONS, attr(coordinator, "assigned-partitions"));
            between(0, attr(consumerMetrics, "last-poll-seconds-ago"), consumeMs / 1000.0 + 1, "last-poll-seconds-ago");
            double betweenPolls = attr(consumerMetrics, "time-between-poll-avg");
            between(0, betweenPolls, consumeMs, "time-between-poll-avg");
            between(betweenPolls, attr(consumerMetrics, "time-between-poll-max"), consumeMs, "time-between-poll-max");
            between(1, attr(consumerMetrics, "connection-count"), 4, "connection-count");
            assertTrue(attr(consumerMetrics, "incoming-byte-rate") > 0);
            assertTrue(attr(consumerMetrics, "request-rate") > 0);

            long lead = 0;
            for (int partition = 0; partition < PARTITIONS; partition++) {
                String pm = c + ",topic=" + topic + ",partition=" + partition;
                // Fetches go on while the consumer polls: the next one to answer tells the lag is gone.
                Await.until(Duration.ofSeconds(30), pm + " records-lag falls to 0", () -> {
                    consumer.poll(Duration.ofMillis(50));
                    return attrQuietly(pm, "records-lag") == 0.0;
                });
                assertTrue(attr(pm, "records-lag-max") >= 0);
                lead += (long) attr(pm, "records-lead");
            }
            assertEquals(RECORDS, lead, "each partition's lead is its position: together every record");
        }
        assertTrue(JMX.queryNames(new ObjectName("kafka.consumer:client-id=" + consumerId + ",*"), null).isEmpty(),
                "close() unregisters the consumer's MBeans");
    }

    @Test
    void theConsumerProtocolFeedsTheRebalanceMetricsOverJmx() throws Exception {
        String topic = unique("jmx-consumer-protocol");
        createTopic(topic);
        String consumerId = unique("petrel-jmx-kip848");
        String coordinator = "kafka.consumer:type=consumer-coordinator-metrics,client-id=" + consumerId;
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(BROKER.broker().bootstrapServers()).clientId(consumerId).groupId(unique("jmx-kip848"))
                .groupProtocol("consumer").autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            long subscribed = System.nanoTime();
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().size() < PARTITIONS) {
                consumer.poll(Duration.ofMillis(100));
                if (System.nanoTime() - subscribed > Duration.ofSeconds(60).toNanos()) {
                    fail("assigned only " + consumer.assignment());
                }
            }
            long joinMs = (System.nanoTime() - subscribed) / 1_000_000 + 1;

            assertEquals(1.0, attr(coordinator, "rebalance-total"), "one assignment reconciled");
            double latency = attr(coordinator, "rebalance-latency-avg");
            between(0, latency, joinMs, "rebalance-latency-avg");
            assertEquals(latency, attr(coordinator, "rebalance-latency-max"), "one rebalance: max = avg");
            assertEquals(latency, attr(coordinator, "rebalance-latency-total"), "one rebalance: total = avg");
            assertTrue(attr(coordinator, "rebalance-rate-per-hour") > 0);
            between(0, attr(coordinator, "last-rebalance-seconds-ago"), joinMs / 1000.0 + 1, "last-rebalance-seconds-ago");
            assertEquals(0.0, attr(coordinator, "failed-rebalance-total"));
            assertEquals(0.0, attr(coordinator, "failed-rebalance-rate-per-hour"));
            assertEquals(PARTITIONS, attr(coordinator, "assigned-partitions"));
            assertTrue(attr(coordinator, "heartbeat-total") >= 1, "the join is a heartbeat");
        }
    }

    private static double attrQuietly(String mbean, String attribute) {
        try {
            return attr(mbean, attribute);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /**
     * The client's MBeans do not depend on the broker, but the consumer protocol's are also listed against a real
     * Apache Kafka 4.3.1, the broker kafka-clients' group.protocol=consumer was built for.
     */
    @ParameterizedTest(name = "group.protocol={0} on {1}")
    @CsvSource({"classic,broker-stub", "consumer,broker-stub", "consumer,kafka"})
    void petrelsMBeansAndAttributesAreKafkaClientsOnesButTheDocumentedGaps(String protocol, String broker,
                                                                          RealKafkaBroker realKafka) throws Exception {
        String topic = unique("jmx-compare");
        String bootstrap = broker.equals("kafka") ? realKafka.bootstrapServers() : BROKER.broker().bootstrapServers();
        createTopic(bootstrap, topic);
        Set<String> kafka;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "client.id", "kafka-compare-producer", "key.serializer",
                org.apache.kafka.common.serialization.StringSerializer.class, "value.serializer",
                org.apache.kafka.common.serialization.StringSerializer.class));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                     "client.id", "kafka-compare-consumer", "group.id", unique("kafka-compare"), "group.protocol", protocol,
                     "auto.offset.reset", "earliest", "key.deserializer",
                     org.apache.kafka.common.serialization.StringDeserializer.class, "value.deserializer",
                     org.apache.kafka.common.serialization.StringDeserializer.class))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
            consumer.subscribe(List.of(topic));
            int read = 0;
            while (read < 100) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            kafka = shapes("kafka-compare-producer", "kafka-compare-consumer", topic);
        }
        Set<String> petrel;
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrap).clientId("petrel-compare-producer").build();
             Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                     .bootstrapServers(bootstrap).clientId("petrel-compare-consumer").groupId(unique("petrel-compare"))
                     .groupProtocol(protocol).autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            for (int i = 0; i < 100; i++) {
                producer.send(ProducerRecord.of(topic, "k" + i, "v" + i));
            }
            producer.flush();
            consumer.subscribe(List.of(topic));
            int read = 0;
            while (read < 100) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), OffsetAndMetadata.of(0)));
            petrel = shapes("petrel-compare-producer", "petrel-compare-consumer", topic);
        }
        Set<String> missing = new TreeSet<>(kafka);
        missing.removeAll(petrel);
        Set<String> extra = new TreeSet<>(petrel);
        extra.removeAll(kafka);
        Set<String> undocumented = new TreeSet<>(missing);
        Set<String> kafkaOnly = kafkaOnly(protocol);
        undocumented.removeAll(kafkaOnly);
        assertTrue(undocumented.isEmpty(), () -> "kafka-clients has, Petrel lacks: " + undocumented);
        assertTrue(extra.isEmpty(), () -> "Petrel has, kafka-clients does not: " + extra);
        Set<String> documentedButThere = new TreeSet<>(kafkaOnly);
        documentedButThere.retainAll(petrel);
        assertTrue(documentedButThere.isEmpty(), () -> "listed as gaps but Petrel has them: " + documentedButThere);
        assertFalse(petrel.isEmpty());
    }

    /**
     * Every MBean attribute of the two clients, as "type[,tag keys] attribute" with the tag values that differ
     * between runs (client ids, topic, node ids) left out, so two clients' lists compare.
     */
    private static Set<String> shapes(String producerId, String consumerId, String topic) throws Exception {
        Set<String> shapes = new TreeSet<>();
        for (String id : List.of(producerId, consumerId)) {
            Set<ObjectName> names = new TreeSet<>(JMX.queryNames(new ObjectName("kafka.*:*"), null));
            for (ObjectName name : names) {
                Map<String, String> keys = name.getKeyPropertyList();
                if (!id.equals(keys.get("client-id")) && !id.equals(keys.get("id"))) {
                    continue;
                }
                TreeSet<String> tagKeys = new TreeSet<>(keys.keySet());
                tagKeys.removeAll(Set.of("type", "client-id"));
                String shape = keys.get("type") + (tagKeys.isEmpty() ? "" : "," + String.join(",", tagKeys));
                for (MBeanAttributeInfo attribute : JMX.getMBeanInfo(name).getAttributes()) {
                    shapes.add(shape + " " + attribute.getName());
                }
            }
        }
        return shapes;
    }
}
