package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel consume}: records written by {@code petrel produce} read back and printed as Kafka's console consumer prints them. */
@ExtendWith(PetrelBrokerExtension.class)
class ConsumeCommandTest {
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
    }

    @Test
    void valuesOnlyByDefaultThenTheCountOnStderr() {
        createAndFill("plain", 1, List.of("one", "two", "three"), false);
        Cli.Run run = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "plain", "--from-beginning", "--max-messages", "3");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals(List.of("one", "two", "three"), run.outLines());
        assertEquals(List.of("Processed a total of 3 messages"), run.errLines());
    }

    @Test
    void printsKeysOffsetsAndPartitionsWithTheSeparator() {
        createAndFill("keyed", 1, List.of("a:1", "b:2", "c:3"), true);
        Cli.Run run = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "keyed", "--from-beginning",
                "--max-messages", "3", "--property", "print.key=true", "--property", "key.separator=:",
                "--property", "print.offset=true", "--property", "print.partition=true");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals(List.of("Partition:0:Offset:0:a:1", "Partition:0:Offset:1:b:2", "Partition:0:Offset:2:c:3"), run.outLines());
    }

    @Test
    void timeoutEndsARunThatFindsNothingNew() {
        createAndFill("idle", 2, List.of("old"), false);
        Cli.Run run = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "idle", "--timeout-ms", "500");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals("", run.out(), "without --from-beginning only new records are printed");
        assertEquals(List.of("Processed a total of 0 messages"), run.errLines());
    }

    @Test
    void withAGroupItCommitsWhatItPrintedAndTheNextRunContinues() {
        List<String> values = IntStream.range(0, 10).mapToObj(i -> "v" + i).toList();
        createAndFill("grouped", 1, values, false);
        Cli.Run first = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "grouped", "--group", "readers",
                "--from-beginning", "--max-messages", "4");
        assertEquals(values.subList(0, 4), first.outLines(), first.transcript());

        Cli.Run describe = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "readers");
        assertEquals(0, describe.exitCode(), describe.transcript());
        assertEquals(List.of("readers", "grouped", "0", "4", "10", "6", "-", "-", "-"),
                List.of(describe.outLines().get(2).trim().split(" +")), describe.transcript());

        Cli.Run second = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "grouped", "--group", "readers",
                "--timeout-ms", "3000", "--max-messages", "6");
        assertEquals(values.subList(4, 10), second.outLines(), second.transcript());
        assertTrue(Cli.run("groups", "--bootstrap-server", bootstrap, "--describe", "--group", "readers").outLines().get(2)
                .matches("readers +grouped +0 +10 +10 +0 .*"));
    }

    @Test
    void anUnknownPropertyIsOneLine() {
        String property = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "absent", "--property", "print.kye=true")
                .assertOneLineError(2);
        assertTrue(property.contains("print.kye"), property);
    }

    @Test
    void anIsolationLevelOtherThanKafkasTwoIsAUsageError() {
        String line = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "absent", "--isolation-level",
                "committed").assertOneLineError(2);
        assertTrue(line.contains("committed") && line.contains("read_committed or read_uncommitted"), line);
    }

    @Test
    void partitionAndOffsetStartWhereAskedAsKafkasConsoleConsumerDoes() {
        createTopic("positions", 2);
        Cli.runWithInput("k:a\nk:b\nk:c\nk:d\nk:e\n", "produce", "--bootstrap-server", bootstrap, "--topic", "positions",
                "--property", "parse.key=true", "--property", "key.separator=:").assertOk();
        int partition = partitionOfKey("k", 2);
        String p = Integer.toString(partition);

        assertEquals(List.of("c", "d", "e"), consumeAt("--partition", p, "--offset", "2"));
        assertEquals(List.of("a", "b", "c", "d", "e"), consumeAt("--partition", p, "--offset", "earliest"));
        assertEquals(List.of("a", "b", "c", "d", "e"), consumeAt("--partition", p, "--from-beginning"));
        assertEquals(List.of(), consumeAt("--partition", p, "--offset", "latest"));
        assertEquals(List.of(), consumeAt("--partition", p));
        assertEquals(List.of(), consumeAt("--partition", Integer.toString(1 - partition), "--from-beginning"),
                "the other partition holds nothing");
    }

    @Test
    void headersWrittenByProduceArePrintedByConsumeInKafkasLayout() {
        createTopic("with-headers", 1);
        Cli.runWithInput("trace:1,kind:a\tk1\tv1\nNO\tk2\tv2\n", "produce", "--bootstrap-server", bootstrap, "--topic",
                "with-headers", "--property", "parse.headers=true", "--property", "parse.key=true", "--property", "null.marker=NO")
                .assertOk();
        Cli.Run run = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "with-headers", "--from-beginning",
                "--max-messages", "2", "--property", "print.headers=true", "--property", "print.key=true",
                "--property", "print.partition=true");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals(List.of("Partition:0\ttrace:1,kind:a\tk1\tv1", "Partition:0\tNO_HEADERS\tk2\tv2"), run.outLines());
    }

    @Test
    void offsetWithoutPartitionOrWithItsConflictsIsAUsageErrorNamingTheValue() {
        createTopic("positions-usage", 1);
        String[] base = {"consume", "--bootstrap-server", bootstrap, "--topic", "positions-usage", "--timeout-ms", "100"};
        assertEquals("petrel consume: --offset 3 needs --partition: an offset is a position in one partition; try 'petrel consume --help'",
                Cli.run(concat(base, "--offset", "3")).assertOneLineError(2));
        assertTrue(Cli.run(concat(base, "--partition", "0", "--offset", "3", "--from-beginning")).assertOneLineError(2)
                .contains("--from-beginning and --offset exclude each other"));
        assertTrue(Cli.run(concat(base, "--partition", "0", "--group", "g")).assertOneLineError(2)
                .contains("--group and --partition exclude each other"));
        String bad = Cli.run(concat(base, "--partition", "0", "--offset", "first")).assertOneLineError(2);
        assertTrue(bad.contains("Invalid --offset 'first': expected earliest, latest or a non-negative offset"), bad);
        assertTrue(Cli.run(concat(base, "--partition", "0", "--offset", "-5")).assertOneLineError(2).contains("'-5'"));
        assertEquals("petrel consume: Invalid --partition 4: topic 'positions-usage' has 1 partition (0)",
                Cli.run(concat(base, "--partition", "4")).assertOneLineError(1));
    }

    private static List<String> consumeAt(String... positionArgs) {
        Cli.Run run = Cli.run(concat(new String[]{"consume", "--bootstrap-server", bootstrap, "--topic", "positions",
                "--timeout-ms", "1000"}, positionArgs));
        assertEquals(0, run.exitCode(), run.transcript());
        return run.outLines();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static int partitionOfKey(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private static void createTopic(String topic, int partitions) {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", Integer.toString(partitions))
                .assertOk();
    }

    private static void createAndFill(String topic, int partitions, List<String> lines, boolean keyed) {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", Integer.toString(partitions))
                .assertOk();
        String input = String.join("\n", lines) + "\n";
        if (keyed) {
            Cli.runWithInput(input, "produce", "--bootstrap-server", bootstrap, "--topic", topic, "--property", "parse.key=true",
                    "--property", "key.separator=:").assertOk();
        } else {
            Cli.runWithInput(input, "produce", "--bootstrap-server", bootstrap, "--topic", topic).assertOk();
        }
    }
}
