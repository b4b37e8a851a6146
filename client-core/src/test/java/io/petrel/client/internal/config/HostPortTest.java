package io.petrel.client.internal.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {
    @Test
    void parsesHostsAndBracketedIpv6() {
        assertEquals(Optional.of(new HostPort("localhost", 9092)), HostPort.parse("localhost:9092"));
        assertEquals(Optional.of(new HostPort("::1", 9092)), HostPort.parse(" [::1]:9092 "));
        assertEquals(Optional.of(new HostPort("b", 2)), HostPort.parse("PLAINTEXT://b:2"));
        assertEquals("[::1]:9092", new HostPort("::1", 9092).toString());
    }

    @Test
    void rejectsWhatIsNotHostColonPort() {
        for (String bad : new String[]{"abc", ":9092", "host:", "host:x", "host:65536", "::1:9092", "[::1:9092", "a/b:1"}) {
            assertTrue(HostPort.parse(bad).isEmpty(), bad);
        }
    }
}
