package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.TopicPartition;
import io.petrel.tools.internal.admin.ClusterAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel perf produce} against broker-stub: its last line parses as kafka-producer-perf-test's does. */
@ExtendWith(PetrelBrokerExtension.class)
class PerfProduceCommandTest {
    /** kafka-producer-perf-test's final line. */
    static final Pattern KAFKA_PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, (\\d+\\.\\d{6}) records/sec "
            + "\\((\\d+\\.\\d{2}) MB/sec\\), (\\d+\\.\\d{2}) ms avg latency, (\\d+\\.\\d{2}) ms max latency, "
            + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.");
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "perf", "--partitions", "2").assertOk();
    }

    @Test
    void sendsEveryRecordAndEndsWithKafkasSummaryLine() {
        long before = recordsIn("perf");
        Cli.Run run = Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "perf", "--records", "20000",
                "--record-size", "100", "--property", "linger.ms=5", "--property", "compression.type=lz4").assertOk();
        List<String> lines = run.outLines();
        Matcher last = KAFKA_PRODUCER_SUMMARY.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), run.transcript());
        assertEquals("20000", last.group(1));
        assertTrue(Double.parseDouble(last.group(2)) > 0, run.transcript());
        long p50 = Long.parseLong(last.group(6));
        long p999 = Long.parseLong(last.group(9));
        assertTrue(p50 <= p999 && p999 <= Double.parseDouble(last.group(5)) + 1, run.transcript());
        assertTrue(lines.get(lines.size() - 2).startsWith("Send-to-ack latency (ms): "), run.transcript());
        assertEquals(20000, recordsIn("perf") - before, "records written to the topic");
    }

    @Test
    void throttledRunsPrintProgressLinesAndHoldTheRate() {
        Cli.Run run = Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "perf", "--records", "300",
                "--record-size", "10", "--throughput", "500", "--print-interval-ms", "200").assertOk();
        List<String> lines = run.outLines();
        Matcher last = KAFKA_PRODUCER_SUMMARY.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), run.transcript());
        assertEquals("300", last.group(1));
        assertTrue(Double.parseDouble(last.group(2)) <= 550, "at most the target rate (and a little slack): " + run.transcript());
        long progress = lines.stream().filter(l -> l.matches("\\d+ records sent, \\d+\\.\\d records/sec \\(\\d+\\.\\d{2} MB/sec\\), "
                + "\\d+\\.\\d ms avg latency, \\d+\\.\\d ms max latency\\.")).count();
        assertTrue(progress >= 1, "0.6 s of sending at a 200 ms interval prints progress: " + run.transcript());
    }

    private static long recordsIn(String topic) {
        try (ClusterAdmin admin = ClusterAdmin.connect(bootstrap, Map.of())) {
            List<TopicPartition> partitions = admin.topic(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return admin.logEndOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
