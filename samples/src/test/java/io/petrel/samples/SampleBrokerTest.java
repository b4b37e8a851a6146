package io.petrel.samples;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBrokerTest {

    @Test
    void withoutArgumentsAnEmbeddedBrokerRunsInATemporaryDirectoryDeletedOnClose() {
        Path dataDir;
        try (SampleBroker broker = SampleBroker.fromArgs()) {
            assertTrue(broker.isEmbedded());
            dataDir = broker.dataDir().orElseThrow();
            assertTrue(Files.isDirectory(dataDir), dataDir.toString());
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());
            assertTrue(broker.describe().contains(dataDir.toString()), broker.describe());
        }
        assertFalse(Files.exists(dataDir), "the temporary directory is deleted: " + dataDir);
    }

    @Test
    void bootstrapServerNamesAnExternalBrokerInEitherSpelling() {
        try (SampleBroker broker = SampleBroker.fromArgs("--bootstrap-server", "kafka.example:9092")) {
            assertFalse(broker.isEmbedded());
            assertEquals("kafka.example:9092", broker.bootstrapServers());
            assertTrue(broker.dataDir().isEmpty());
        }
        try (SampleBroker broker = SampleBroker.fromArgs("--bootstrap-server=a:1,b:65535")) {
            assertEquals("a:1,b:65535", broker.bootstrapServers());
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        assertRefused("'kafka.example'", "expected HOST:PORT", "--bootstrap-server", "kafka.example");
        assertRefused("'x:y'", "'y' is not a number", "--bootstrap-server", "x:y");
        assertRefused("'x:70000'", "1..65535", "--bootstrap-server", "x:70000");
        assertRefused("':9092'", "expected HOST:PORT", "--bootstrap-server=a:1,:9092");
        assertRefused("--bootstrap-server", "needs a value", "--bootstrap-server");
        assertRefused("--verbose", "usage:", "--verbose");
    }

    private static void assertRefused(String named, String explained, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleBroker.fromArgs(args));
        assertTrue(e.getMessage().contains(named) && e.getMessage().contains(explained), e.getMessage());
    }
}
