package io.petrel.tools.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petrel broker}'s command line read without picocli must mean what picocli reads from it, and must leave to
 * picocli every line it does not read exactly so (help, errors, unusual forms).
 */
class PlainBrokerArgumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "--port 19092",
            "--port 0 --data-dir /tmp/petrel-data",
            "--host 0.0.0.0 --advertised-host broker.example --advertised-port 29092 --port 9093",
            "--config server.properties --no-jmx",
            "--no-jmx --data-dir relative/dir --port 7"})
    void readsWhatPicocliReads(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        BrokerCommand plain = PlainBrokerArguments.read(args).orElseThrow(() -> new AssertionError("not read: " + line));
        BrokerCommand picocli = new BrokerCommand();
        new CommandLine(picocli).parseArgs(args);
        assertEquals(describe(picocli), describe(plain), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version", "-V", "--port=9092", "--prot 1", "--port 1 --port 2",
            "--no-jmx --no-jmx", "--port abc", "--port 010", "--port", "--port -1", "--port 1234567890", "--data-dir --port 1",
            "--host", "broker", "--port +1"})
    void leavesEveryOtherLineToPicocli(String line) {
        assertEquals(Optional.empty(), PlainBrokerArguments.read(line.split(" ")), line);
    }

    @Test
    void readsEveryOptionOfTheBrokerCommand() {
        List<String> unread = new ArrayList<>();
        for (OptionSpec option : new CommandLine(new BrokerCommand()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            String[] args = option.arity().max == 0 ? new String[] {name} : new String[] {name, option.type() == int.class ? "1" : "x"};
            if (PlainBrokerArguments.read(args).isEmpty()) {
                unread.add(name);
            }
        }
        assertTrue(unread.isEmpty(), "options only picocli reads (the usual broker start would load picocli): " + unread);
    }

    private static String describe(BrokerCommand c) {
        return "port=" + c.port + " host=" + c.host + " advertisedHost=" + c.advertisedHost + " advertisedPort="
                + c.advertisedPort + " dataDir=" + c.dataDir + " config=" + c.configFile + " noJmx=" + c.noJmx;
    }
}
