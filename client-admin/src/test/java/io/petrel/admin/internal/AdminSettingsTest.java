package io.petrel.admin.internal;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.ClientNetworkConfig.SocketBuffers;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Admin's own parsing of settings kafka-clients' Admin takes. */
class AdminSettingsTest {
    private static final Map<String, Object> MINIMAL = Map.of("bootstrap.servers", "localhost:9092");

    @Test
    void socketBuffersDefaultToKafkaClientsAdminSizesAndCanBeSet() {
        assertEquals(new SocketBuffers(131_072, 65_536), AdminSettings.from(MINIMAL).network().socketBuffers(),
                "kafka-clients' Admin defaults");
        Map<String, Object> sized = new HashMap<>(MINIMAL);
        sized.put("send.buffer.bytes", -1);
        sized.put("receive.buffer.bytes", 1_048_576);
        assertEquals(new SocketBuffers(-1, 1_048_576), AdminSettings.from(sized).network().socketBuffers());
    }

    @Test
    void aSocketBufferBelowMinusOneIsRejectedByName() {
        Map<String, Object> bad = new HashMap<>(MINIMAL);
        bad.put("receive.buffer.bytes", -2);
        ConfigException e = assertThrows(ConfigException.class, () -> AdminSettings.from(bad));
        assertTrue(e.getMessage().contains("receive.buffer.bytes") && e.getMessage().contains("-2"), e.getMessage());
    }
}
