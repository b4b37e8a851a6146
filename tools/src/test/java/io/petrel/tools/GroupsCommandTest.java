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

    private static String row(String group, String topic, int partition, String current, long end, long lag,
                              String member, String host, String client) {
        return String.format("%-15s %-15s %-10s %-15s %-15s %-15s %-15s %-15s %s", group, topic, partition, current, end, lag,
                member, host, client);
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
