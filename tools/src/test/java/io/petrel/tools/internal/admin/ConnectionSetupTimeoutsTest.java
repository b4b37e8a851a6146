package io.petrel.tools.internal.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionSetupTimeoutsTest {
    @Test
    void plaintextGivesUpAfterThreeSeconds() {
        assertEquals(Map.of("socket.connection.setup.timeout.ms", "3000", "socket.connection.setup.timeout.max.ms",
                "3000"), timeouts(Map.of()));
        assertEquals("3000", timeouts(Map.of("security.protocol", " plaintext ")).get(ConnectionSetupTimeouts.TIMEOUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSL", "SASL_PLAINTEXT", "SASL_SSL", "sasl_ssl"})
    void tlsOrSaslGetKafkasDefaults(String protocol) {
        assertEquals(Map.of("socket.connection.setup.timeout.ms", "10000", "socket.connection.setup.timeout.max.ms",
                "30000"), timeouts(Map.of("security.protocol", protocol)));
    }

    @Test
    void theUsersOwnValuesAreKept() {
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SASL_SSL",
                "socket.connection.setup.timeout.ms", "2000"));
        ConnectionSetupTimeouts.addTo(settings);
        assertEquals("2000", settings.get(ConnectionSetupTimeouts.TIMEOUT));
        assertEquals("30000", settings.get(ConnectionSetupTimeouts.TIMEOUT_MAX));

        settings = new HashMap<>(Map.of("socket.connection.setup.timeout.max.ms", 60_000));
        ConnectionSetupTimeouts.addTo(settings);
        assertEquals("3000", settings.get(ConnectionSetupTimeouts.TIMEOUT));
        assertEquals(60_000, settings.get(ConnectionSetupTimeouts.TIMEOUT_MAX));
    }

    /** The two timeouts {@link ConnectionSetupTimeouts#addTo} gives {@code settings}. */
    private static Map<String, Object> timeouts(Map<String, Object> settings) {
        Map<String, Object> out = new HashMap<>(settings);
        ConnectionSetupTimeouts.addTo(out);
        out.keySet().retainAll(java.util.Set.of(ConnectionSetupTimeouts.TIMEOUT, ConnectionSetupTimeouts.TIMEOUT_MAX));
        return out;
    }
}
