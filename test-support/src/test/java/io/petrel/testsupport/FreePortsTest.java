package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void givesDistinctPortsThatCanBeBound() throws IOException {
        int[] ports = FreePorts.take(3);
        assertEquals(3, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port > 0 && port <= 65_535, "port " + port);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertEquals(port, socket.getLocalPort());
            }
        }
    }

    @Test
    void refusesACountBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FreePorts.take(0));
        assertEquals("count must be at least 1, was 0", e.getMessage());
    }
}
