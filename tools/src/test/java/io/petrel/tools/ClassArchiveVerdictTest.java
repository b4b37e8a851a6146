package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher keeps the class-data archive of a command's first run only when that run did the command's job: the
 * command creates the file the launcher names in {@code -Dpetrel.cds.dump}. Usage, version and a wrong command line
 * load few of the classes later runs need, so they create nothing.
 */
@ExtendWith(PetrelBrokerExtension.class)
class ClassArchiveVerdictTest {
    /** The launcher's property (petrel, the script), spelled out as the launcher spells it. */
    private static final String DUMP_PROPERTY = "petrel.cds.dump";
    private static String bootstrap;
    private Path served;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
    }

    @BeforeEach
    void nameTheFile(@TempDir Path dir) {
        served = dir.resolve("broker.jsa.123.served");
        System.setProperty(DUMP_PROPERTY, served.toString());
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(DUMP_PROPERTY);
    }

    @Test
    void aCommandThatDidItsJobMarksTheArchiveKept() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk();

        assertTrue(Files.exists(served), "a listing that went well keeps its archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker --help", "topics --help", "perf produce --help", "--version", "broker --version"})
    void usageOrVersionLeavesTheArchiveToBeWrittenAgain(String command) {
        Cli.run(command.split(" ")).assertOk();

        assertFalse(Files.exists(served), "'petrel " + command + "' ran no command");
    }

    @Test
    void aWrongCommandLineLeavesTheArchiveToBeWrittenAgain() {
        Cli.run("broker", "--prot", "1").assertOneLineError(2);

        assertFalse(Files.exists(served), "a mistyped option started no broker");
    }
}
