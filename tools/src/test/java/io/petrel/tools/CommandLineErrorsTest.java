package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and unreachable brokers, as a user meets them: one line on stderr naming what was wrong, exit 2
 * for a wrong command line and 1 for a failure, never a stack trace unless asked for.
 */
@ExtendWith(PetrelBrokerExtension.class)
class CommandLineErrorsTest {
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "exists", "--partitions", "1").assertOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {"topics", "produce", "consume", "groups", "transactions", "perf", "perf produce", "perf consume",
            "broker", "demo"})
    void helpPrintsUsageAndExitsZero(String command) {
        String[] args = (command + " --help").split(" ");
        Cli.Run help = Cli.run(args).assertOk();
        assertTrue(help.out().startsWith("Usage: petrel " + command), help.transcript());
    }

    @Test
    void theBrokerParsedOnItsOwnIsTheSameCommandAsInTheWholeTree() {
        String inTheTree = new picocli.CommandLine(new Petrel()).getSubcommands().get("broker").getUsageMessage();
        assertEquals(inTheTree, Cli.run("broker", "--help").assertOk().out());
        String error = Cli.run("broker", "--prot", "1").assertOneLineError(2);
        assertEquals("petrel broker: Unknown options: '--prot', '1'; try 'petrel broker --help'", error,
                "as the whole tree words it");
    }

    @Test
    void anUnknownFlagIsPicocliMessageAndAHint() {
        String error = Cli.run("topics", "--bootstrap-server", bootstrap, "--lsit").assertOneLineError(2);
        assertTrue(error.startsWith("petrel topics: Unknown option: '--lsit'"), error);
        assertTrue(error.endsWith("try 'petrel topics --help'"), error);
    }

    @Test
    void aMissingTopicIsAUsageError() {
        String create = Cli.run("topics", "--bootstrap-server", bootstrap, "--create").assertOneLineError(2);
        assertTrue(create.contains("--topic"), create);
        String produce = Cli.runWithInput("x\n", "produce", "--bootstrap-server", bootstrap).assertOneLineError(2);
        assertTrue(produce.contains("--topic"), produce);
        String describe = Cli.run("groups", "--bootstrap-server", bootstrap, "--describe").assertOneLineError(2);
        assertTrue(describe.contains("--group"), describe);
    }

    @Test
    void noActionOrTwoActionsIsAUsageError() {
        assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap).assertOneLineError(2).contains("--create"));
        assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap, "--list", "--delete").assertOneLineError(2).contains("mutually exclusive"));
    }

    @Test
    void aNonNumericCountNamesTheOptionAndValue() {
        String error = Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "exists", "--records", "lots",
                "--record-size", "10").assertOneLineError(2);
        assertTrue(error.startsWith("petrel perf produce: ") && error.contains("'lots'") && error.contains("--records"), error);
        String partitions = Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "x", "--partitions", "three")
                .assertOneLineError(2);
        assertTrue(partitions.contains("'three'"), partitions);
    }

    @Test
    void anUnreachableBrokerIsReportedPromptly() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        String topics = Cli.run("topics", "--bootstrap-server", address, "--list").assertOneLineError(1);
        String produce = Cli.runWithInput("x\n", "produce", "--bootstrap-server", address, "--topic", "t").assertOneLineError(1);
        String groups = Cli.run("groups", "--bootstrap-server", address, "--list").assertOneLineError(1);
        String consume = Cli.run("consume", "--bootstrap-server", address, "--topic", "t").assertOneLineError(1);
        String perf = Cli.run("perf", "consume", "--bootstrap-server", address, "--topic", "t", "--records", "1").assertOneLineError(1);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String expected = "cannot reach a broker at " + address + ": connection refused; is it running?";
        assertEquals("petrel topics: " + expected, topics);
        assertEquals("petrel produce: " + expected, produce);
        assertEquals("petrel groups: " + expected, groups);
        assertEquals("petrel consume: " + expected, consume);
        assertEquals("petrel perf consume: " + expected, perf);
        assertTrue(seconds < 20, "five refused connections took " + seconds + " s, not a short connect timeout");
    }

    @Test
    void aMalformedBootstrapAddressNamesIt() {
        String error = Cli.run("topics", "--bootstrap-server", "localhost", "--list").assertOneLineError(1);
        assertTrue(error.contains("localhost"), error);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Run run = Cli.run("topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "missing", "--verbose");
        assertEquals(1, run.exitCode(), run.transcript());
        assertTrue(run.errLines().get(0).startsWith("petrel topics: UNKNOWN_TOPIC_OR_PARTITION"), run.transcript());
        assertTrue(run.err().contains("\tat "), run.transcript());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
