package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import io.petrel.tools.Petrel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code petrel} command line against a real Apache Kafka 4.3.1 broker: topics, produce (read back with
 * kafka-clients), consume (with and without a group), groups and the benchmarks print what they print against
 * broker-stub.
 */
@ExtendWith(RealKafkaExtension.class)
class PetrelCliOnRealKafkaTest {
    private static final Pattern KAFKA_PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, \\d+\\.\\d{6} records/sec "
            + "\\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d{2} ms avg latency, \\d+\\.\\d{2} ms max latency, "
            + "\\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.");
    private static String bootstrap;

    @BeforeAll
    static void kafka(RealKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
    }

    /** What one run printed. */
    private record Run(String command, int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        Run assertOk() {
            assertEquals(0, exitCode, transcript());
            assertEquals("", err, transcript());
            return this;
        }

        String transcript() {
            return "$ petrel " + command + "\n(exit " + exitCode + ")\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Run petrel(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Petrel.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(String.join(" ", args), code, out.toString(), err.toString());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void topicsCreateListDescribeDelete() {
        String topic = unique("cli-topics");
        assertEquals(List.of("Created topic " + topic + "."), petrel("", "topics", "--bootstrap-server", bootstrap, "--create",
                "--topic", topic, "--partitions", "2", "--replication-factor", "1", "--config", "retention.ms=123456").assertOk().outLines());
        assertTrue(petrel("", "topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains(topic));

        List<String> described = petrel("", "topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic).assertOk().outLines();
        assertEquals(3, described.size(), String.join("\n", described));
        assertTrue(described.get(0).matches("Topic: " + topic + "\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: .*"
                + "retention.ms=123456.*"), described.get(0));
        assertEquals("\tTopic: " + topic + "\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1", described.get(2));

        petrel("", "topics", "--bootstrap-server", bootstrap, "--alter", "--topic", topic, "--partitions", "3").assertOk();
        assertTrue(petrel("", "topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic).assertOk()
                .outLines().get(0).contains("PartitionCount: 3\t"));
        Run shrink = petrel("", "topics", "--bootstrap-server", bootstrap, "--alter", "--topic", topic, "--partitions", "2");
        assertEquals(1, shrink.exitCode(), shrink.transcript());
        assertTrue(shrink.err().startsWith("petrel topics: INVALID_PARTITIONS") && shrink.err().contains(topic), shrink.transcript());

        Run again = petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic);
        assertEquals(1, again.exitCode(), again.transcript());
        assertTrue(again.err().startsWith("petrel topics: TOPIC_ALREADY_EXISTS"), again.transcript());

        petrel("", "topics", "--bootstrap-server", bootstrap, "--delete", "--topic", topic).assertOk();
        Run gone = petrel("", "topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic);
        assertEquals(1, gone.exitCode(), gone.transcript());
        assertTrue(gone.err().contains("UNKNOWN_TOPIC_OR_PARTITION"), gone.transcript());
    }

    @Test
    void produceSendsEachLineWithItsKeyAndGroupsDescribesTheLag() {
        String topic = unique("cli-produce");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1").assertOk();
        String input = String.join("\n", IntStream.range(0, 20).mapToObj(i -> "key" + i + ":value" + i).toList()) + "\n";
        petrel(input, "produce", "--bootstrap-server", bootstrap, "--topic", topic, "--property", "parse.key=true",
                "--property", "key.separator=:", "--compression", "zstd", "--acks", "all").assertOk();

        String group = unique("cli-group");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(15)));
        }
        assertEquals(20, records.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("key" + i, records.get(i).key());
            assertEquals("value" + i, records.get(i).value());
        }

        assertTrue(petrel("", "groups", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains(group));
        Run describe = petrel("", "groups", "--bootstrap-server", bootstrap, "--describe", "--group", group);
        assertEquals(0, describe.exitCode(), describe.transcript());
        List<String> lines = describe.outLines();
        assertEquals(3, lines.size(), describe.transcript());
        assertEquals(List.of(group, topic, "0", "15", "20", "5", "-", "-", "-"), List.of(lines.get(2).trim().split(" +")), describe.transcript());
    }

    @Test
    void groupsResetOffsetsShowsThenCommitsTheNewOffsets() {
        String topic = unique("cli-reset");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1").assertOk();
        petrel(String.join("\n", IntStream.range(0, 10).mapToObj(i -> "v" + i).toList()) + "\n", "produce",
                "--bootstrap-server", bootstrap, "--topic", topic).assertOk();
        String group = unique("cli-reset-group");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = resetConsumer(group)) {
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(7)));
        }
        // kafka-consumer-groups' layout: group and topic columns as wide as their longest value, at least 15.
        String format = "%-" + Math.max(15, group.length()) + "s %-" + Math.max(15, topic.length()) + "s %-10s %s";

        List<String> dryRun = petrel("", "groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", group,
                "--all-topics", "--to-earliest").assertOk().outLines();
        assertEquals(List.of("", String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"),
                String.format(format, group, topic, 0, 0)), dryRun);
        assertEquals(7, committed(group, tp));

        petrel("", "groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
                "--shift-by", "-3", "--execute").assertOk();
        assertEquals(4, committed(group, tp));
        petrel("", "groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
                "--to-datetime", "2999-01-01T00:00:00.000Z", "--execute").assertOk();
        assertEquals(10, committed(group, tp), "a time after the last record resets to the log end");
    }

    @Test
    void groupsDeleteOffsetsAndDeleteAsKafkaConsumerGroupsDoes() {
        String topic = unique("cli-prune");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2").assertOk();
        String group = unique("cli-prune-group");
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (KafkaConsumer<String, String> consumer = resetConsumer(group)) {
            consumer.assign(List.of(p0, p1));
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(0), p1, new OffsetAndMetadata(0)));
        }
        String row = "%-" + Math.max(15, topic.length()) + "s %-10s %-15s";
        assertEquals(List.of("Request succeeded for deleting offsets from group " + group + ".", "",
                        String.format(row, "TOPIC", "PARTITION", "STATUS"), String.format(row, topic, "0", "Successful")),
                petrel("", "groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", group, "--topic", topic + ":0")
                        .assertOk().outLines());
        try (KafkaConsumer<String, String> consumer = resetConsumer(group)) {
            assertEquals(java.util.Collections.singletonMap(p0, null), consumer.committed(java.util.Set.of(p0)));
        }

        String active = unique("cli-prune-active");
        try (KafkaConsumer<String, String> reader = resetConsumer(active)) {
            reader.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reader.assignment().isEmpty() && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));
            }
            reader.commitSync(Map.of(p0, new OffsetAndMetadata(0)));
            Run subscribed = petrel("", "groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", active, "--topic", topic);
            assertEquals(1, subscribed.exitCode(), subscribed.transcript());
            assertTrue(subscribed.err().contains("GROUP_SUBSCRIBED_TO_TOPIC") && subscribed.err().lines().count() == 1,
                    subscribed.transcript());
            Run notEmpty = petrel("", "groups", "--bootstrap-server", bootstrap, "--delete", "--group", active);
            assertEquals(1, notEmpty.exitCode(), notEmpty.transcript());
            assertTrue(notEmpty.err().startsWith("petrel groups: Group '" + active + "' could not be deleted due to: NON_EMPTY_GROUP"),
                    notEmpty.transcript());
        }

        assertEquals(List.of("Deletion of requested consumer groups ('" + group + "') was successful."),
                petrel("", "groups", "--bootstrap-server", bootstrap, "--delete", "--group", group).assertOk().outLines());
        Run again = petrel("", "groups", "--bootstrap-server", bootstrap, "--delete", "--group", group);
        assertEquals(1, again.exitCode(), again.transcript());
        assertTrue(again.err().startsWith("petrel groups: Group '" + group + "' could not be deleted due to: GROUP_ID_NOT_FOUND"),
                again.transcript());
    }

    private static KafkaConsumer<String, String> resetConsumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    private static long committed(String group, TopicPartition tp) {
        try (KafkaConsumer<String, String> consumer = resetConsumer(group)) {
            return consumer.committed(java.util.Set.of(tp)).get(tp).offset();
        }
    }

    @Test
    void produceConsumeAndPerfProduceHaveAMissingTopicCreatedAsKafkasToolsDo() {
        String produced = unique("cli-auto-produce");
        petrel("x\ny\n", "produce", "--bootstrap-server", bootstrap, "--topic", produced).assertOk();
        Run read = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", produced, "--from-beginning", "--max-messages", "2");
        assertEquals(List.of("x", "y"), read.outLines(), read.transcript());

        String consumed = unique("cli-auto-consume");
        Run empty = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", consumed, "--timeout-ms", "500");
        assertEquals(0, empty.exitCode(), empty.transcript());
        String perf = unique("cli-auto-perf");
        assertEquals(0, petrel("", "perf", "produce", "--bootstrap-server", bootstrap, "--topic", perf, "--records", "100",
                "--record-size", "10").exitCode());
        List<String> topics = petrel("", "topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines();
        assertTrue(topics.containsAll(List.of(produced, consumed, perf)), String.join("\n", topics));
        assertTrue(petrel("", "topics", "--bootstrap-server", bootstrap, "--describe", "--topic", perf).assertOk().outLines()
                .get(0).contains("PartitionCount: 1\t"), "the broker's num.partitions");
    }

    @Test
    void perfProduceEndsWithKafkasSummaryLine() {
        String topic = unique("cli-perf");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2").assertOk();
        Run run = petrel("", "perf", "produce", "--bootstrap-server", bootstrap, "--topic", topic, "--records", "20000",
                "--record-size", "100").assertOk();
        List<String> lines = run.outLines();
        Matcher last = KAFKA_PRODUCER_SUMMARY.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), run.transcript());
        assertEquals("20000", last.group(1));
    }

    @Test
    void consumePrintsWhatProduceSentAndCommitsForItsGroup() {
        String topic = unique("cli-consume");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1").assertOk();
        petrel("a:1\nb:2\nc:3\nd:4\n", "produce", "--bootstrap-server", bootstrap, "--topic", topic,
                "--property", "parse.key=true", "--property", "key.separator=:").assertOk();

        Run all = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
                "--max-messages", "4", "--property", "print.key=true", "--property", "key.separator=:", "--property", "print.offset=true");
        assertEquals(0, all.exitCode(), all.transcript());
        assertEquals(List.of("Offset:0:a:1", "Offset:1:b:2", "Offset:2:c:3", "Offset:3:d:4"), all.outLines());
        assertEquals("Processed a total of 4 messages\n", all.err());

        String group = unique("cli-consume-group");
        Run some = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--group", group, "--from-beginning",
                "--max-messages", "3");
        assertEquals(List.of("1", "2", "3"), some.outLines(), some.transcript());
        Run describe = petrel("", "groups", "--bootstrap-server", bootstrap, "--describe", "--group", group);
        assertEquals(List.of(group, topic, "0", "3", "4", "1", "-", "-", "-"), List.of(describe.outLines().get(2).trim().split(" +")),
                describe.transcript());
        Run rest = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--group", group, "--max-messages", "1");
        assertEquals(List.of("4"), rest.outLines(), rest.transcript());
    }

    @Test
    void consumeWithReadCommittedPrintsOnlyCommittedTransactions() {
        String topic = unique("cli-isolation");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1").assertOk();
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("cli-tx"));
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                             new org.apache.kafka.common.serialization.StringSerializer(),
                             new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "kept-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "kept-2"));
            producer.commitTransaction();
        }
        Run committed = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
                "--isolation-level", "read_committed", "--timeout-ms", "3000");
        assertEquals(List.of("kept-1", "kept-2"), committed.outLines(), committed.transcript());
        Run everything = petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
                "--max-messages", "3");
        assertEquals(List.of("kept-1", "aborted", "kept-2"), everything.outLines(), everything.transcript());
    }

    @Test
    void transactionsListAndDescribeAgreeWithKafkasAdmin() throws Exception {
        String topic = unique("cli-txn");
        String id = unique("cli-txn-id");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2").assertOk();
        try (io.petrel.producer.Producer<String, String> producer = io.petrel.producer.Producer.builder(
                        new io.petrel.serializers.StringSerializer(), new io.petrel.serializers.StringSerializer())
                .bootstrapServers(bootstrap).transactionalId(id).build();
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     Map.of("bootstrap.servers", bootstrap))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(io.petrel.producer.ProducerRecord.<String, String>builder(topic).partition(1).value("v").build());
            producer.flush();

            org.apache.kafka.clients.admin.TransactionDescription kafka =
                    admin.describeTransactions(List.of(id)).description(id).get();
            Run describe = petrel("", "transactions", "--bootstrap-server", bootstrap, "--describe", "--transactional-id", id)
                    .assertOk();
            List<String> cells = List.of(describe.outLines().get(1).trim().split("\\s+"));
            assertEquals(List.of(Integer.toString(kafka.coordinatorId()), id, Long.toString(kafka.producerId()),
                    Integer.toString(kafka.producerEpoch()), kafka.state().toString(),
                    Long.toString(kafka.transactionTimeoutMs()), Long.toString(kafka.transactionStartTimeMs().getAsLong())),
                    cells.subList(0, 7), describe.transcript());
            assertEquals(topic + "-1", cells.get(8), describe.transcript());
            assertEquals("Ongoing", cells.get(4));

            Run list = petrel("", "transactions", "--bootstrap-server", bootstrap, "--list").assertOk();
            assertTrue(list.outLines().stream().anyMatch(l -> List.of(l.trim().split("\\s+")).equals(
                    List.of(id, Integer.toString(kafka.coordinatorId()), Long.toString(kafka.producerId()), "Ongoing"))),
                    list.transcript());
            producer.commitTransaction();
        }
    }

    @Test
    void perfConsumeEndsWithKafkasResultLines() {
        String topic = unique("cli-perf-consume");
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2").assertOk();
        petrel("", "perf", "produce", "--bootstrap-server", bootstrap, "--topic", topic, "--records", "20000", "--record-size", "100")
                .assertOk();
        Run run = petrel("", "perf", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--records", "20000").assertOk();
        List<String> lines = run.outLines();
        assertEquals("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", lines.get(lines.size() - 2), run.transcript());
        assertEquals("20000", lines.get(lines.size() - 1).split(", ")[4], run.transcript());
    }
}
