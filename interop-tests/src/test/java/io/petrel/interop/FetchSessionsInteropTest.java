package io.petrel.interop;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.client.ServedTopics;
import io.petrel.testsupport.FreePorts;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental fetch sessions (KIP-227) across implementations, with a consumer of many partitions: kafka-clients
 * 4.3.1 against broker-stub, and Petrel's consumer against a real Apache Kafka 4.3.1. Each reads every record
 * exactly once while partitions are removed, added back and sought, and the broker's
 * {@code kafka.server:type=FetchSessionCache} MBeans show the one session it fetched through.
 */
class FetchSessionsInteropTest {
    private static final int PARTITIONS = 300;
    private static final String TOPIC = "sessions";
    private static final String SESSIONS = "kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions";
    private static final String CACHED = "kafka.server:type=FetchSessionCache,name=NumIncrementalFetchPartitionsCached";

    /** The consumer under test, whichever client it is. */
    private interface Reader extends AutoCloseable {
        void assign(List<Integer> partitions);

        void seek(int partition, long offset);

        /** One poll's records as "partition-offset" of each, checking the value says the same. */
        List<String> poll();

        @Override
        void close();
    }

    @Test
    void kafkaClientsFetchIncrementallyFromBrokerStub() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder().build())) {
            MBeanServerConnection jmx = ManagementFactory.getPlatformMBeanServer();
            String suffix = broker.metrics().jmxNameSuffix();
            ObjectName incremental = new ObjectName("io.petrel.broker:type=FetchSessionCache,name=IncrementalFetches"
                    + suffix);
            createTopic(broker.bootstrapServers());
            long before = gauge(jmx, incremental);
            try (Reader reader = kafkaClients(broker.bootstrapServers())) {
                scenario(broker.bootstrapServers(), reader, () -> {
                    assertEquals(1L, gauge(jmx, new ObjectName(SESSIONS + suffix)), "one fetch session");
                    assertTrue(gauge(jmx, new ObjectName(CACHED + suffix)) > 0);
                });
            }
            long after = gauge(jmx, incremental);
            // kafka-clients fetches seldom here (each fetch takes all there is): 9 incremental fetches in one run.
            assertTrue(after >= before + 5, "kafka-clients fetched incrementally: " + before + " -> " + after);
            assertEquals(0L, gauge(jmx, new ObjectName(SESSIONS + suffix)), "kafka-clients closed its session");
        }
    }

    @Test
    void petrelFetchesIncrementallyFromApacheKafka() throws Exception {
        int jmxPort = FreePorts.one();
        try (RealKafkaBroker kafka = RealKafkaBroker.builder().jvmOptions(List.of("-Xmx512m",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Djava.rmi.server.hostname=127.0.0.1")).start();
             JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                     "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            createTopic(kafka.bootstrapServers());
            try (Reader reader = petrel(kafka.bootstrapServers())) {
                scenario(kafka.bootstrapServers(), reader, () -> {
                    assertEquals(1L, gauge(jmx, new ObjectName(SESSIONS)), "Kafka keeps Petrel's one fetch session");
                    assertTrue(gauge(jmx, new ObjectName(CACHED)) > 0);
                });
            }
            ObjectName fetchBytes = new ObjectName("kafka.network:type=RequestMetrics,name=RequestBytes,request=Fetch");
            double smallest = ((Number) jmx.getAttribute(fetchBytes, "Min")).doubleValue();
            double largest = ((Number) jmx.getAttribute(fetchBytes, "Max")).doubleValue();
            // Every partition has records before assign, so one ListOffsets response positions all 300 at once and the
            // session's first, full fetch names them all (before the consumer applied that response at once, a fetch
            // planned halfway through it named only some: 17 of 300 in one run).
            assertTrue(largest > PARTITIONS * 20, "a full fetch names every partition: " + largest + " bytes");
            assertTrue(smallest < 200, "an incremental fetch with nothing changed is small: " + smallest + " bytes");
            for (String error : List.of("INVALID_FETCH_SESSION_EPOCH", "FETCH_SESSION_ID_NOT_FOUND",
                    "FETCH_SESSION_TOPIC_ID_ERROR")) {
                assertTrue(jmx.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,"
                        + "request=Fetch,error=" + error), null).isEmpty(), "Kafka never answered " + error);
            }
            assertEquals(0L, gauge(jmx, new ObjectName(SESSIONS)), "Petrel closed its session on close");
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    /**
     * Reads everything once, then: new records on two partitions only; half the partitions removed and added back
     * where they were; one partition sought back to 0. Each step must read exactly what it should.
     */
    private static void scenario(String bootstrap, Reader reader, Check whileOpen) throws Exception {
        long[] end = new long[PARTITIONS];
        List<Integer> all = range(0, PARTITIONS);
        List<Integer> firstHalf = range(0, PARTITIONS / 2);
        List<Integer> secondHalf = range(PARTITIONS / 2, PARTITIONS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            BiConsumer<List<Integer>, Integer> write = (partitions, count) -> {
                for (int p : partitions) {
                    for (int i = 0; i < count; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, p, null, p + "-" + end[p]++));
                    }
                }
                producer.flush();
            };
            write.accept(all, 3);
            reader.assign(all);
            assertEquals(once(all, new long[PARTITIONS], end), read(reader, PARTITIONS * 3));

            long[] before = end.clone();
            write.accept(List.of(3, 250), 10);
            assertEquals(once(List.of(3, 250), before, end), read(reader, 20));
            whileOpen.run();

            reader.assign(firstHalf);
            long[] beforeRemoval = end.clone();
            write.accept(all, 2);
            assertEquals(once(firstHalf, beforeRemoval, end), read(reader, firstHalf.size() * 2));
            reader.assign(all);
            secondHalf.forEach(p -> reader.seek(p, beforeRemoval[p]));
            assertEquals(once(secondHalf, beforeRemoval, end), read(reader, secondHalf.size() * 2));

            reader.seek(7, 0);
            assertEquals(once(List.of(7), new long[PARTITIONS], end), read(reader, (int) end[7]));
            assertTrue(reader.poll().isEmpty(), "nothing read twice");
            whileOpen.run();
        }
    }

    private static Map<String, Integer> read(Reader reader, int count) {
        Map<String, Integer> seen = new HashMap<>();
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (n < count && System.nanoTime() < deadline) {
            for (String r : reader.poll()) {
                seen.merge(r, 1, Integer::sum);
                n++;
            }
        }
        return seen;
    }

    private static Map<String, Integer> once(List<Integer> partitions, long[] from, long[] to) {
        Map<String, Integer> expected = new HashMap<>();
        for (int p : partitions) {
            for (long i = from[p]; i < to[p]; i++) {
                expected.put(p + "-" + i, 1);
            }
        }
        return expected;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static long gauge(MBeanServerConnection jmx, ObjectName name) throws Exception {
        return ((Number) jmx.getAttribute(name, "Value")).longValue();
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ServedTopics.create(admin, TOPIC, PARTITIONS);
        }
    }

    private static Reader kafkaClients(String bootstrap) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        return new Reader() {
            @Override
            public void assign(List<Integer> partitions) {
                consumer.assign(partitions.stream().map(p -> new TopicPartition(TOPIC, p)).toList());
            }

            @Override
            public void seek(int partition, long offset) {
                consumer.seek(new TopicPartition(TOPIC, partition), offset);
            }

            @Override
            public List<String> poll() {
                List<String> out = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    assertEquals(r.partition() + "-" + r.offset(), r.value());
                    out.add(r.value());
                });
                return out;
            }

            @Override
            public void close() {
                consumer.close();
            }
        };
    }

    private static Reader petrel(String bootstrap) {
        Consumer<String, String> consumer = Consumer.builder(new io.petrel.serializers.StringDeserializer(),
                new io.petrel.serializers.StringDeserializer()).bootstrapServers(bootstrap)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build();
        return new Reader() {
            @Override
            public void assign(List<Integer> partitions) {
                consumer.assign(partitions.stream().map(p -> new io.petrel.client.TopicPartition(TOPIC, p)).toList());
            }

            @Override
            public void seek(int partition, long offset) {
                consumer.seek(new io.petrel.client.TopicPartition(TOPIC, partition), offset);
            }

            @Override
            public List<String> poll() {
                List<String> out = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    assertEquals(r.partition() + "-" + r.offset(), r.value());
                    out.add(r.value());
                });
                return out;
            }

            @Override
            public void close() {
                consumer.close();
            }
        };
    }
}
