package io.petrel.interop.realkafka;

import io.petrel.broker.Broker;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker MBeans broker-stub publishes exist, with the same attributes and the same message count, on a real
 * Apache Kafka 4.3.1 broker (read over its remote JMX port) after the same kafka-clients workload.
 */
class BrokerMetricsNamesOnRealKafkaTest {
    private static final String TOPIC = "metered";
    private static final int RECORDS = 200;
    private static final List<String> NAMES = List.of(
            "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec",
            "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec",
            "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec",
            "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=" + TOPIC,
            "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=" + TOPIC,
            "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec,topic=" + TOPIC,
            "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce",
            "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Fetch",
            "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchConsumer",
            "kafka.server:type=ReplicaManager,name=PartitionCount",
            "kafka.log:type=Log,name=Size,topic=" + TOPIC + ",partition=0",
            "kafka.log:type=Log,name=Size,topic=" + TOPIC + ",partition=1");

    @Test
    void sameNamesAttributesAndCountsAsApacheKafka() throws Exception {
        int jmxPort = FreePorts.one();
        try (RealKafkaBroker kafka = RealKafkaBroker.builder().jvmOptions(List.of("-Xmx512m",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Djava.rmi.server.hostname=127.0.0.1")).start();
             JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                     "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
             Broker stub = Broker.start()) {
            // Another broker-stub open in this JVM would hold Kafka's plain names; this one's names then carry a suffix.
            String suffix = stub.metrics().jmxNameSuffix();
            MBeanServerConnection real = connector.getMBeanServerConnection();
            MBeanServerConnection local = ManagementFactory.getPlatformMBeanServer();
            workload(kafka.bootstrapServers());
            workload(stub.bootstrapServers());
            for (String name : NAMES) {
                assertEquals(attributes(real, new ObjectName(name)), attributes(local, new ObjectName(name + suffix)), name);
            }
            String topicMessages = NAMES.get(4);
            assertEquals((long) RECORDS, real.getAttribute(new ObjectName(topicMessages), "Count"), "Kafka");
            assertEquals((long) RECORDS, local.getAttribute(new ObjectName(topicMessages + suffix), "Count"),
                    "broker-stub");
            // Kafka's all-topics figure also counts the consumer's offset commits, written to __consumer_offsets;
            // broker-stub keeps offsets outside its topics, so they are not messages in there.
            assertTrue((long) real.getAttribute(new ObjectName(NAMES.get(1)), "Count") > RECORDS, "Kafka, all topics");
            assertEquals((long) RECORDS, local.getAttribute(new ObjectName(NAMES.get(1) + suffix), "Count"),
                    "broker-stub, all topics");
            String produceRates = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=*";
            assertEquals(versions(real, new ObjectName(produceRates)),
                    versions(local, new ObjectName(produceRates + suffix)),
                    "kafka-clients' Produce version, as both brokers count it");
        }
    }

    private static Set<String> attributes(MBeanServerConnection server, ObjectName name) throws Exception {
        Set<String> names = new TreeSet<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            names.add(a.getName());
        }
        return names;
    }

    private static Set<String> versions(MBeanServerConnection server, ObjectName pattern) throws Exception {
        Set<String> versions = new TreeSet<>();
        for (ObjectName n : server.queryNames(pattern, null)) {
            if ((long) server.getAttribute(n, "Count") > 0) {
                versions.add(n.getKeyProperty("version"));
            }
        }
        return versions;
    }

    private static void workload(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ServedTopics.create(admin, TOPIC, 2);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "metered",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            int consumed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumed < RECORDS && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertEquals(RECORDS, consumed, "consumed from " + bootstrap);
        }
    }
}
