package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel produce}: lines of stdin become records, read back here with kafka-clients' consumer. */
@ExtendWith(PetrelBrokerExtension.class)
class ProduceCommandTest {
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
    }

    @Test
    void eachLineIsOneRecordWithNoKey() {
        createTopic("lines", 1);
        Cli.runWithInput("first\nsecond\n\nfourth\n", "produce", "--bootstrap-server", bootstrap, "--topic", "lines").assertOk();

        List<ConsumerRecord<String, String>> records = readAll("lines", 1, 4);
        assertEquals(List.of("first", "second", "", "fourth"), records.stream().map(ConsumerRecord::value).toList());
        assertTrue(records.stream().allMatch(r -> r.key() == null));
        assertEquals(List.of(0L, 1L, 2L, 3L), records.stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void parseKeySplitsAtTheSeparatorAndKeysPickThePartitionAsKafkaDoes() {
        createTopic("keyed", 3);
        String input = String.join("\n", IntStream.range(0, 30).mapToObj(i -> "k" + (i % 5) + ":v:" + i).toList()) + "\n";
        Cli.runWithInput(input, "produce", "--bootstrap-server", bootstrap, "--topic", "keyed",
                "--property", "parse.key=true", "--property", "key.separator=:", "--compression", "lz4", "--acks", "all").assertOk();

        List<ConsumerRecord<String, String>> records = readAll("keyed", 3, 30);
        assertEquals(30, records.size());
        for (ConsumerRecord<String, String> r : records) {
            int i = Integer.parseInt(r.value().substring("v:".length()));
            assertEquals("k" + (i % 5), r.key(), "the value keeps everything after the first separator");
            int expected = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(r.key().getBytes())) % 3;
            assertEquals(expected, r.partition(), "key " + r.key());
        }
    }

    @Test
    void aLineWithoutTheSeparatorStopsWithItsLineNumber() {
        createTopic("strict", 1);
        String error = Cli.runWithInput("a:1\nno separator here\n", "produce", "--bootstrap-server", bootstrap, "--topic", "strict",
                "--property", "parse.key=true", "--property", "key.separator=:").assertOneLineError(1);
        assertTrue(error.contains("line 2") && error.contains("no separator here"), error);
    }

    @Test
    void anUnknownReaderPropertyOrProducerSettingIsOneLine() {
        createTopic("props", 1);
        String property = Cli.runWithInput("x\n", "produce", "--bootstrap-server", bootstrap, "--topic", "props",
                "--property", "parse.kee=true").assertOneLineError(2);
        assertTrue(property.contains("parse.kee"), property);
        String setting = Cli.runWithInput("x\n", "produce", "--bootstrap-server", bootstrap, "--topic", "props",
                "--producer-property", "lingr.ms=5").assertOneLineError(1);
        assertTrue(setting.contains("lingr.ms") && setting.contains("linger.ms"), setting);
    }

    @Test
    void aRecordThatCannotBeSentIsReportedAndTheExitStatusIsOne() {
        createTopic("small", 1);
        String big = "x".repeat(2_000_000);
        Cli.Run run = Cli.runWithInput("fits\n" + big + "\n", "produce", "--bootstrap-server", bootstrap, "--topic", "small");
        String error = run.assertOneLineError(1);
        assertTrue(error.startsWith("petrel produce: record 2 was not sent: "), error);
        assertEquals(List.of("fits"), readAll("small", 1, 1).stream().map(ConsumerRecord::value).toList());
    }

    private static void createTopic(String name, int partitions) {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", name, "--partitions", Integer.toString(partitions))
                .assertOk();
    }

    static List<ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        return readAll(bootstrap, topic, partitions, expected);
    }

    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int partitions, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
