package io.petrel.tools.internal;

import io.petrel.broker.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's connection-limit keys in a broker config file reach broker-stub's ConnectionLimits. */
class BrokerPropertiesFileTest {
    @TempDir
    Path dir;

    @Test
    void connectionLimitKeysAreRead() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"), """
                max.connections=500
                max.connections.per.ip=20
                queued.max.request.bytes=16777216
                """);
        ConnectionLimits limits = BrokerPropertiesFile.read(file).build().connectionLimits();
        assertEquals(500, limits.maxConnections());
        assertEquals(20, limits.maxConnectionsPerIp());
        assertEquals(16L * 1024 * 1024, limits.queuedMaxRequestBytes());
    }

    @Test
    void aBadValueIsRefusedNamingTheKey() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"), "max.connections=0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerPropertiesFile.read(file).build());
        assertTrue(e.getMessage().contains("max.connections 0"), e.getMessage());
    }
}
