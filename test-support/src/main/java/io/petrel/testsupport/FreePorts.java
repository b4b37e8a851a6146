package io.petrel.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports free right now, for a server a test starts in another process (or with a port fixed in advance).
 *
 * <p>The ports of one call are held open together while chosen, so they are distinct. They are released before
 * the call returns: another process may take one before the server binds it, so a launcher that can tell "port
 * taken" from other failures picks again (as {@link RealKafkaBroker#start} does). A server in this JVM should bind
 * port 0 instead and report the port it got.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** One free loopback port. */
    public static int one() {
        return take(1)[0];
    }

    /** {@code count} distinct free loopback ports. */
    public static int[] take(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find " + count + " free loopback port(s)", e);
        } finally {
            sockets.forEach(FreePorts::closeProbe);
        }
    }

    private static void closeProbe(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release probe port " + socket.getLocalPort(), e);
        }
    }
}
