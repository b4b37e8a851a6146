package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petrel groups} against broker-stub, with groups made by kafka-clients' consumer (so these tests do not
 * depend on Petrel's consumer): listing, and describe's offsets, lag and members.
 */
@ExtendWith(PetrelBrokerExtension.class)
class GroupsCommandTest {
    private static final String HEADER =
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID";
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "events", "--partitions", "2").assertOk();
        // 6 records on partition 0 and 4 on partition 1, placed by key.
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(i < 6 ? "p0" : "p1").append(':').append(i).append('\n');
        }
        Cli.runWithInput(lines.toString(), "produce", "--bootstrap-server", bootstrap, "--topic", "events",
                "--property", "parse.key=true", "--property", "key.separator=:", "--producer-property",
                "partitioner.class=io.petrel.producer.RoundRobinPartitioner").assertOk();
    }

    @Test
    void describeShowsCommittedOffsetsLagAndNoMembersOnceTheConsumerLeft() {
        Map<TopicPartition, Long> ends = endOffsets();
        try (KafkaConsumer<String, String> consumer = consumer("settled", "settled-client")) {
            consumer.assign(List.of(new TopicPartition("events", 0), new TopicPartition("events", 1)));
            consumer.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(2),
                    new TopicPartition("events", 1), new OffsetAndMetadata(ends.get(new TopicPartition("events", 1)))));
        }

        assertTrue(Cli.run("groups", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains("settled"));

        Cli.Run describe = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "settled");
        assertEquals(0, describe.exitCode(), describe.transcript());
        assertEquals(List.of("Consumer group 'settled' has no active members."), describe.errLines());
        List<String> lines = describe.outLines();
        assertEquals(List.of("", HEADER,
                row("settled", "events", 0, "2", ends.get(new TopicPartition("events", 0)), ends.get(new TopicPartition("events", 0)) - 2, "-", "-", "-"),
                row("settled", "events", 1, ends.get(new TopicPartition("events", 1)).toString(), ends.get(new TopicPartition("events", 1)), 0, "-", "-", "-")),
                lines);
    }

    @Test
    void describeShowsTheActiveMemberOfEachAssignedPartition() {
        try (KafkaConsumer<String, String> consumer = consumer("active", "active-client")) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int read = 0;
            while ((read < 10 || consumer.assignment().size() < 2) && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            assertEquals(10, read);
            consumer.commitSync();

            Cli.Run describe = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "active").assertOk();
            List<String> rows = describe.outLines().subList(2, describe.outLines().size());
            assertEquals(2, rows.size(), describe.transcript());
            for (String row : rows) {
                String[] columns = row.trim().split(" +");
                assertEquals(9, columns.length, row);
                assertEquals("active", columns[0]);
                assertEquals("0", columns[5], "a consumer that read everything has no lag: " + row);
                assertTrue(columns[6].startsWith("active-client-"), "the member id: " + row);
                assertTrue(columns[7].contains("127.0.0.1"), "the member's host: " + row);
                assertEquals("active-client", columns[8]);
            }
        }
    }

    @Test
    void anUnknownGroupIsOneLine() {
        String error = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "nobody").assertOneLineError(1);
        assertTrue(error.startsWith("petrel groups: ") && error.contains("nobody"), error);
    }

    @Test
    void resetOffsetsShowsTheNewOffsetsAndCommitsThemOnlyWithExecute() {
        TopicPartition p0 = new TopicPartition("events", 0);
        TopicPartition p1 = new TopicPartition("events", 1);
        Map<TopicPartition, Long> ends = endOffsets();
        try (KafkaConsumer<String, String> consumer = consumer("resettable", "resettable-client")) {
            consumer.assign(List.of(p0, p1));
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(3), p1, new OffsetAndMetadata(1)));
        }

        List<String> dryRun = Cli.run("groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", "resettable",
                "--all-topics", "--to-earliest").assertOk().outLines();
        assertEquals(List.of("", resetRow("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"), resetRow("resettable", "events", "0", "0"),
                resetRow("resettable", "events", "1", "0")), dryRun);
        assertEquals(Map.of(p0, 3L, p1, 1L), committed("resettable"), "a dry run commits nothing");

        Cli.run("groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", "resettable", "--topic", "events:0",
                "--shift-by", "-2", "--execute").assertOk();
        assertEquals(Map.of(p0, 1L, p1, 1L), committed("resettable"));

        List<String> clamped = Cli.run("groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", "resettable",
                "--topic", "events", "--to-offset", "99", "--execute").assertOk().outLines();
        assertEquals(resetRow("resettable", "events", "0", ends.get(p0).toString()), clamped.get(2));
        assertEquals(Map.of(p0, ends.get(p0), p1, ends.get(p1)), committed("resettable"));

        String noTarget = Cli.run("groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", "resettable",
                "--all-topics").assertOneLineError(2);
        assertTrue(noTarget.contains("--to-earliest"), noTarget);
    }

    @Test
    void resetOffsetsOfAnActiveGroupIsRefusedInOneLine() {
        try (KafkaConsumer<String, String> consumer = consumer("busy", "busy-client")) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            String error = Cli.run("groups", "--bootstrap-server", bootstrap, "--reset-offsets", "--group", "busy",
                    "--topic", "events", "--to-latest", "--execute").assertOneLineError(1);
            assertEquals("petrel groups: Assignments can only be reset if the group 'busy' is inactive, but the current"
                    + " state is Stable.", error);
        }
    }

    /**
     * A group of Kafka 4's consumer group protocol (kafka-clients with group.protocol=consumer): --describe shows its
     * partitions and owner (before, DescribeGroups alone answered "not a classic group"), --members --verbose its
     * member's epoch and assignments, --state --verbose its epochs, in kafka-consumer-groups' layout.
     */
    @Test
    void describeAConsumerProtocolGroupShowsMembersEpochsAndAssignments() {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "kip848", ConsumerConfig.CLIENT_ID_CONFIG, "kip848-client",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            assertEquals(2, consumer.assignment().size());
            String memberId = consumer.groupMetadata().memberId();
            int memberEpoch = consumer.groupMetadata().generationId();

            Cli.Run offsets = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "kip848").assertOk();
            List<String> rows = offsets.outLines().subList(2, offsets.outLines().size());
            assertEquals(2, rows.size(), offsets.transcript());
            rows.forEach(row -> assertEquals(memberId, row.trim().split(" +")[6], row));

            List<String> members = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "kip848",
                    "--members", "--verbose").assertOk().outLines();
            assertEquals(3, members.size(), String.join("\n", members));
            assertEquals("", members.get(0));
            int idWidth = Math.max(15, memberId.length());
            String format = "%-15s %-" + idWidth + "s %-15s %-15s %-15s %-15s %-20s %-15s %s";
            assertEquals(String.format(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "CURRENT-EPOCH",
                    "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT"), members.get(1));
            String[] member = members.get(2).trim().split(" +");
            assertEquals(List.of("kip848", memberId), List.of(member[0], member[1]), members.get(2));
            assertTrue(member[2].contains("127.0.0.1"), "the member's host: " + members.get(2));
            assertEquals(List.of("kip848-client", "2", Integer.toString(memberEpoch), "events:0,1", Integer.toString(memberEpoch),
                    "events:0,1"), List.of(member).subList(3, 9), "a settled member is at the target assignment's epoch");

            List<String> state = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "kip848",
                    "--state", "--verbose").assertOk().outLines();
            assertEquals(3, state.size(), String.join("\n", state));
            assertTrue(state.get(1).matches("GROUP +COORDINATOR \\(ID\\) +ASSIGNMENT-STRATEGY +STATE +GROUP-EPOCH"
                    + " +TARGET-ASSIGNMENT-EPOCH +#MEMBERS"), state.get(1));
            String[] group = state.get(2).split(" +");
            assertEquals(List.of("kip848", "uniform", "Stable", Integer.toString(memberEpoch), Integer.toString(memberEpoch), "1"),
                    List.of(group[0], group[3], group[4], group[5], group[6], group[7]), state.get(2));
        }
    }

    private static String resetRow(String group, String topic, String partition, String offset) {
        return String.format("%-15s %-15s %-10s %s", group, topic, partition, offset);
    }

    private static Map<TopicPartition, Long> committed(String group) {
        try (KafkaConsumer<String, String> consumer = consumer(group, group + "-reader")) {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            consumer.committed(java.util.Set.of(new TopicPartition("events", 0), new TopicPartition("events", 1)))
                    .forEach((tp, o) -> {
                        if (o != null) {
                            offsets.put(tp, o.offset());
                        }
                    });
            return offsets;
        }
    }

    private static String row(String group, String topic, int partition, String current, long end, long lag,
                              String member, String host, String client) {
        return String.format("%-15s %-15s %-10s %-15s %-15s %-15s %-15s %-15s %s", group, topic, partition, current, end, lag,
                member, host, client);
    }

    @Test
    void deleteOffsetsPrintsKafkasTableAndRefusesTopicsTheGroupStillReads() {
        TopicPartition p0 = new TopicPartition("events", 0);
        TopicPartition p1 = new TopicPartition("events", 1);
        try (KafkaConsumer<String, String> consumer = consumer("pruned", "pruned-client")) {
            consumer.assign(List.of(p0, p1));
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(1), p1, new OffsetAndMetadata(1)));
        }
        String row = "%-15s %-10s %-15s";
        assertEquals(List.of("Request succeeded for deleting offsets from group pruned.", "", String.format(row, "TOPIC", "PARTITION", "STATUS"),
                        String.format(row, "events", "0", "Successful")),
                Cli.run("groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", "pruned", "--topic", "events:0")
                        .assertOk().outLines());
        try (KafkaConsumer<String, String> consumer = consumer("pruned", "pruned-client")) {
            assertEquals(java.util.Collections.singletonMap(p0, null), consumer.committed(java.util.Set.of(p0)));
            assertEquals(1, consumer.committed(java.util.Set.of(p1)).get(p1).offset());
        }

        Cli.Run missing = Cli.run("groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", "pruned", "--topic", "nosuch");
        String error = missing.assertOneLineError(1);
        assertTrue(error.startsWith("petrel groups: deleting offsets from group 'pruned' failed: UNKNOWN_TOPIC_OR_PARTITION"), error);
        assertTrue(missing.outLines().get(2).matches("nosuch {10}- {10}Error: UNKNOWN_TOPIC_OR_PARTITION.*"), missing.transcript());

        try (KafkaConsumer<String, String> reader = consumer("pruned-active", "active-client")) {
            reader.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reader.assignment().isEmpty() && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));
            }
            reader.commitSync();
            Cli.Run subscribed = Cli.run("groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", "pruned-active",
                    "--topic", "events");
            String line = subscribed.assertOneLineError(1);
            assertTrue(line.contains("GROUP_SUBSCRIBED_TO_TOPIC"), subscribed.transcript());
            assertEquals(4, subscribed.outLines().size(), subscribed.transcript());
            assertTrue(subscribed.outLines().get(2).matches("events {10}0 {10}Error: GROUP_SUBSCRIBED_TO_TOPIC.*"), subscribed.transcript());

            String notEmpty = Cli.run("groups", "--bootstrap-server", bootstrap, "--delete", "--group", "pruned-active")
                    .assertOneLineError(1);
            assertTrue(notEmpty.startsWith("petrel groups: Group 'pruned-active' could not be deleted due to: NON_EMPTY_GROUP"), notEmpty);
        }
    }

    @Test
    void deleteRemovesEmptyGroupsAndNamesEachOneItCouldNot() {
        for (String group : List.of("doomed-1", "doomed-2")) {
            try (KafkaConsumer<String, String> consumer = consumer(group, group)) {
                consumer.assign(List.of(new TopicPartition("events", 0)));
                consumer.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(1)));
            }
        }
        assertEquals(List.of("Deletion of requested consumer groups ('doomed-1') was successful."),
                Cli.run("groups", "--bootstrap-server", bootstrap, "--delete", "--group", "doomed-1").assertOk().outLines());
        assertTrue(!Cli.run("groups", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains("doomed-1"));

        Cli.Run partly = Cli.run("groups", "--bootstrap-server", bootstrap, "--delete", "--group", "doomed-1", "--group", "doomed-2");
        String error = partly.assertOneLineError(1);
        assertTrue(error.startsWith("petrel groups: Group 'doomed-1' could not be deleted due to: GROUP_ID_NOT_FOUND"), error);
        assertEquals(List.of("These consumer groups were deleted successfully: 'doomed-2'"), partly.outLines());

        String usage = Cli.run("groups", "--bootstrap-server", bootstrap, "--delete-offsets", "--group", "doomed-2").assertOneLineError(2);
        assertTrue(usage.contains("--delete-offsets needs --topic"), usage);
        String many = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "a", "--group", "b").assertOneLineError(2);
        assertTrue(many.contains("--describe takes one --group, got 2: [a, b]"), many);
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = consumer("ends", "ends")) {
            return consumer.endOffsets(List.of(new TopicPartition("events", 0), new TopicPartition("events", 1)));
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String clientId) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }
}
