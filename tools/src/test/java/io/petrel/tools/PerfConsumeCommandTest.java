package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel perf consume}: its last two lines are kafka-consumer-perf-test's header and result line. */
@ExtendWith(PetrelBrokerExtension.class)
class PerfConsumeCommandTest {
    private static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
            + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "perf", "--partitions", "3").assertOk();
        Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "perf", "--records", "30000", "--record-size", "100")
                .assertOk();
    }

    @Test
    void readsEveryRecordAndEndsWithKafkasResultLines() {
        List<String> figures = lastTwo(Cli.run("perf", "consume", "--bootstrap-server", bootstrap, "--topic", "perf",
                "--records", "30000").assertOk());
        assertEquals("30000", figures.get(4));
        assertEquals(30000 * 100 / (1024.0 * 1024.0), Double.parseDouble(figures.get(2)), 0.001, "MB of values read");
        assertEquals("0", figures.get(6), "no group, no rebalance");
    }

    @Test
    void withAGroupTheRebalanceTimeIsMeasured() {
        List<String> figures = lastTwo(Cli.run("perf", "consume", "--bootstrap-server", bootstrap, "--topic", "perf",
                "--records", "30000", "--group", "perf-group").assertOk());
        assertEquals("30000", figures.get(4));
        assertTrue(Long.parseLong(figures.get(6)) >= 0 && Long.parseLong(figures.get(7)) >= 0, figures.toString());
    }

    @Test
    void askingForMoreThanThereIsEndsAfterTheTimeoutWithOneLine() {
        Cli.Run run = Cli.run("perf", "consume", "--bootstrap-server", bootstrap, "--topic", "perf", "--records", "40000",
                "--timeout-ms", "1000");
        assertEquals(1, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.errLines().get(0).contains("consumed only 30000 of 40000"), run.transcript());
        assertEquals("30000", lastTwo(run).get(4));
    }

    /** The result line's figures, after checking the header above it. */
    private static List<String> lastTwo(Cli.Run run) {
        List<String> lines = run.outLines();
        assertTrue(lines.size() >= 2, run.transcript());
        assertEquals(HEADER, lines.get(lines.size() - 2), run.transcript());
        List<String> figures = List.of(lines.get(lines.size() - 1).split(", "));
        assertEquals(10, figures.size(), run.transcript());
        return figures;
    }
}
