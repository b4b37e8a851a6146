package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's own command-line tools (kafka-tools 4.3.1), run in this JVM against broker-stub as a user runs
 * them from a shell: kafka-topics, kafka-console-producer, kafka-console-consumer, kafka-consumer-groups.
 */
class KafkaToolsTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = new PetrelBrokerExtension();

    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void connect() {
        bootstrap = kafka.broker().bootstrapServers();
        admin = Interop.admin(bootstrap);
    }

    @AfterAll
    static void disconnect() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletes() {
        String topic = "tools-topic";
        KafkaTools.Run create = topics("--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=86400000");
        assertSucceeded(create);
        assertTrue(create.out().contains("Created topic " + topic + "."), create::transcript);

        KafkaTools.Run list = topics("--list");
        assertSucceeded(list);
        assertTrue(list.outLines().contains(topic), list::transcript);

        String topicId = Interop.get(admin.describeTopics(TopicCollection.ofTopicNames(List.of(topic)))
                .topicNameValues().get(topic)).topicId().toString();
        KafkaTools.Run describe = topics("--describe", "--topic", topic);
        assertSucceeded(describe);
        String summary = describe.outLines().get(0);
        assertEquals(topic, field(summary, "Topic"), describe::transcript);
        assertEquals(topicId, field(summary, "TopicId"), describe::transcript);
        assertEquals("3", field(summary, "PartitionCount"), describe::transcript);
        assertEquals("1", field(summary, "ReplicationFactor"), describe::transcript);
        assertEquals("retention.ms=86400000", field(summary, "Configs"), describe::transcript);
        assertPartitionLines(describe, topic, 3);

        KafkaTools.Run alter = topics("--alter", "--topic", topic, "--partitions", "5");
        assertSucceeded(alter);
        KafkaTools.Run described = topics("--describe", "--topic", topic);
        assertEquals("5", field(described.outLines().get(0), "PartitionCount"), described::transcript);
        assertPartitionLines(described, topic, 5);

        KafkaTools.Run again = topics("--create", "--topic", topic, "--partitions", "1");
        assertEquals(1, again.exitCode(), again::transcript);
        assertTrue((again.out() + again.err()).contains("already exists"), again::transcript);

        KafkaTools.Run replicated = topics("--create", "--topic", "tools-rf3", "--partitions", "1",
                "--replication-factor", "3");
        assertEquals(1, replicated.exitCode(), replicated::transcript);
        assertTrue((replicated.out() + replicated.err()).contains("single-node"), replicated::transcript);

        KafkaTools.Run delete = topics("--delete", "--topic", topic);
        assertSucceeded(delete);
        Await.until(Duration.ofSeconds(10), "the deleted topic to leave kafka-topics --list",
                () -> !topics("--list").outLines().contains(topic));
    }

    @Test
    void consoleProducerToConsoleConsumerRoundTripAndConsumerGroupsDescribesTheLag() {
        String topic = "tools-console";
        String group = "tools-console-group";
        assertSucceeded(topics("--create", "--topic", topic, "--partitions", "2", "--replication-factor", "1"));

        List<String> lines = IntStream.range(0, 40).mapToObj(i -> "key-" + i + ":value " + i + " ünïcødé")
                .collect(Collectors.toList());
        produce(topic, lines);

        KafkaTools.Run consume = KafkaTools.run(ConsoleConsumer::main, null, "--bootstrap-server", bootstrap,
                "--topic", topic, "--group", group, "--from-beginning", "--max-messages", Integer.toString(lines.size()),
                "--timeout-ms", "30000",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:",
                "--formatter-property", "print.partition=true", "--formatter-property", "print.offset=true");
        assertSucceeded(consume);
        // Each line: Partition:P:Offset:O:key:value (the key separator separates every field)
        Pattern line = Pattern.compile("Partition:(\\d+):Offset:(\\d+):(.*)");
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        Map<Integer, Long> nextOffset = new HashMap<>();
        for (String l : consume.outLines()) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), () -> "unexpected line '" + l + "'\n" + consume.transcript());
            int partition = Integer.parseInt(m.group(1));
            long offset = Long.parseLong(m.group(2));
            assertEquals(nextOffset.getOrDefault(partition, 0L), offset, consume::transcript);
            nextOffset.put(partition, offset + 1);
            byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(m.group(3));
        }
        List<String> all = byPartition.values().stream().flatMap(List::stream).sorted().toList();
        assertEquals(lines.stream().sorted().toList(), all, consume::transcript);
        for (List<String> inPartition : byPartition.values()) {
            // Within a partition, in the order they were typed.
            assertEquals(inPartition.stream().sorted((a, b) -> lines.indexOf(a) - lines.indexOf(b)).toList(),
                    inPartition, consume::transcript);
        }
        assertTrue(consume.err().contains("Processed a total of " + lines.size() + " messages"), consume::transcript);

        // The console consumer committed on close; five more records make a lag of five.
        List<String> more = IntStream.range(40, 45).mapToObj(i -> "key-" + i + ":late " + i).toList();
        produce(topic, more);
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, 2));

        KafkaTools.Run groups = KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap, "--list");
        assertSucceeded(groups);
        assertTrue(groups.outLines().contains(group), groups::transcript);

        KafkaTools.Run describe = KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap,
                "--describe", "--group", group);
        assertSucceeded(describe);
        List<Map<String, String>> rows = table(describe);
        assertEquals(2, rows.size(), describe::transcript);
        long totalLag = 0;
        for (Map<String, String> row : rows) {
            assertEquals(group, row.get("GROUP"), describe::transcript);
            assertEquals(topic, row.get("TOPIC"), describe::transcript);
            int partition = Integer.parseInt(row.get("PARTITION"));
            long end = ends.get(new TopicPartition(topic, partition));
            long current = nextOffset.getOrDefault(partition, 0L);
            assertEquals(Long.toString(current), row.get("CURRENT-OFFSET"), describe::transcript);
            assertEquals(Long.toString(end), row.get("LOG-END-OFFSET"), describe::transcript);
            assertEquals(Long.toString(end - current), row.get("LAG"), describe::transcript);
            assertEquals("-", row.get("CONSUMER-ID"), "no member is active: " + describe.transcript());
            totalLag += end - current;
        }
        assertEquals(more.size(), totalLag, describe::transcript);
    }

    @Test
    void consumerGroupsDescribesAnActiveMemberAndResetsOffsets() throws Exception {
        String topic = "tools-groups";
        String group = "tools-active-group";
        Interop.createTopic(admin, topic, 2);
        produce(topic, IntStream.range(0, 20).mapToObj(i -> "k" + i + ":v" + i).toList());
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, 2));
        Map<TopicPartition, Long> committed = Map.of(new TopicPartition(topic, 0), 1L, new TopicPartition(topic, 1), 2L);

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Interop.consumerConfig(bootstrap, group))) {
            consumer.subscribe(List.of(topic));
            Interop.readToEnd(consumer, ends, Duration.ofSeconds(30));
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            committed.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(commit);

            KafkaTools.Run describe = KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap,
                    "--describe", "--group", group);
            assertSucceeded(describe);
            List<Map<String, String>> rows = table(describe);
            assertEquals(2, rows.size(), describe::transcript);
            for (Map<String, String> row : rows) {
                TopicPartition tp = new TopicPartition(topic, Integer.parseInt(row.get("PARTITION")));
                assertEquals(Long.toString(committed.get(tp)), row.get("CURRENT-OFFSET"), describe::transcript);
                assertEquals(Long.toString(ends.get(tp)), row.get("LOG-END-OFFSET"), describe::transcript);
                assertEquals(Long.toString(ends.get(tp) - committed.get(tp)), row.get("LAG"), describe::transcript);
                assertNotEquals("-", row.get("CONSUMER-ID"), describe::transcript);
                assertTrue(row.get("CONSUMER-ID").startsWith(consumer.groupMetadata().memberId()), describe::transcript);
            }

            KafkaTools.Run state = KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap,
                    "--describe", "--group", group, "--state");
            assertSucceeded(state);
            Map<String, String> stateRow = table(state).get(0);
            assertEquals("Stable", stateRow.get("STATE"), state::transcript);
            assertEquals("1", stateRow.get("#MEMBERS"), state::transcript);

            KafkaTools.Run members = KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap,
                    "--describe", "--group", group, "--members");
            assertSucceeded(members);
            Map<String, String> memberRow = table(members).get(0);
            assertEquals("2", memberRow.get("#PARTITIONS"), members::transcript);

            // Offsets of a group with an active member cannot be reset (Kafka says so, and exits 0).
            KafkaTools.Run refused = resetToEarliest(group, topic);
            assertTrue(refused.out().contains("can only be reset if the group '" + group + "' is inactive"),
                    refused::transcript);
            Map<TopicPartition, OffsetAndMetadata> unchanged =
                    Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            committed.forEach((tp, offset) -> assertEquals(offset, unchanged.get(tp).offset(), refused::transcript));
        }

        KafkaTools.Run reset = resetToEarliest(group, topic);
        assertSucceeded(reset);
        Map<TopicPartition, OffsetAndMetadata> afterReset =
                Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        assertEquals(0L, afterReset.get(new TopicPartition(topic, 0)).offset(), reset::transcript);
        assertEquals(0L, afterReset.get(new TopicPartition(topic, 1)).offset(), reset::transcript);
    }

    private static KafkaTools.Run resetToEarliest(String group, String topic) {
        return KafkaTools.run(ConsumerGroupCommand::main, null, "--bootstrap-server", bootstrap,
                "--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
    }

    private static void produce(String topic, List<String> lines) {
        // Not --sync: that waits out the console producer's 1 s linger.ms (its --timeout) on every line.
        KafkaTools.Run produce = KafkaTools.run(ConsoleProducer::main, String.join("\n", lines) + "\n",
                "--bootstrap-server", bootstrap, "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=:");
        produce.runShutdownHooks(); // closes its producer, which sends what it still holds
        assertSucceeded(produce);
    }

    private static KafkaTools.Run topics(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
        all.addAll(Arrays.asList(args));
        return KafkaTools.run(TopicCommand::main, null, all.toArray(String[]::new));
    }

    private static void assertSucceeded(KafkaTools.Run run) {
        assertEquals(0, run.exitCode(), run::transcript);
        assertFalse(run.err().contains("Exception"), run::transcript);
    }

    /** The value of "Name: value" in a tab-separated kafka-topics --describe line. */
    private static String field(String line, String name) {
        for (String part : line.split("\t")) {
            String p = part.trim();
            if (p.startsWith(name + ":")) {
                return p.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static void assertPartitionLines(KafkaTools.Run describe, String topic, int partitions) {
        String node = Integer.toString(kafka.broker().config().nodeId());
        Set<String> seen = new java.util.HashSet<>();
        for (String l : describe.outLines().subList(1, describe.outLines().size())) {
            if (l.isBlank()) {
                continue;
            }
            assertEquals(topic, field(l, "Topic"), describe::transcript);
            String partition = field(l, "Partition");
            assertNotNull(partition, describe::transcript);
            seen.add(partition);
            assertEquals(node, field(l, "Leader"), describe::transcript);
            assertEquals(node, field(l, "Replicas"), describe::transcript);
            assertEquals(node, field(l, "Isr"), describe::transcript);
        }
        Set<String> expected = IntStream.range(0, partitions).mapToObj(Integer::toString).collect(Collectors.toSet());
        assertEquals(expected, seen, describe::transcript);
    }

    /** The rows of a kafka-consumer-groups table: its header line names the columns. */
    private static List<Map<String, String>> table(KafkaTools.Run run) {
        List<String> lines = run.outLines().stream().filter(l -> !l.isBlank()).toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("GROUP")) {
                header = i;
                break;
            }
        }
        assertTrue(header >= 0, () -> "no table header\n" + run.transcript());
        String[] columns = lines.get(header).trim().split("\\s+");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String l : lines.subList(header + 1, lines.size())) {
            String[] values = l.trim().split("\\s+");
            assertEquals(columns.length, values.length, () -> "row '" + l + "'\n" + run.transcript());
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
