package io.petrel.testsupport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a Kafka broker on a PLAINTEXT port how many brokers its cluster metadata lists: a Metadata v0 request
 * written by hand, since this module is built without any Kafka client (nor Petrel's protocol module, which would
 * make a cycle).
 *
 * <p>A KRaft broker lists itself once it has registered with the controller and been unfenced, which is when
 * clients can use it: a count of at least one means ready. Request: size, api key 3, version 0, correlation id,
 * client id, an empty topic array (v0: all topics). Response: size, correlation id, then the broker array's
 * count, which is all this reads.
 */
final class KafkaMetadataProbe {
    private static final short METADATA = 3;
    private static final byte[] CLIENT_ID = "petrel-readiness-probe".getBytes(StandardCharsets.UTF_8);
    private static final int CORRELATION_ID = 0x7e57;
    /** A Metadata v0 response larger than this is not a Kafka broker's answer to us. */
    private static final int MAX_RESPONSE = 64 << 20;

    private KafkaMetadataProbe() {
    }

    /**
     * The number of brokers the metadata at {@code address} lists.
     *
     * @throws IOException if nothing listens there, the connection breaks, or no answer comes within {@code timeout}
     */
    static int brokerCount(InetSocketAddress address, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + CLIENT_ID.length + 4);
            out.writeShort(METADATA);
            out.writeShort(0);
            out.writeInt(CORRELATION_ID);
            out.writeShort(CLIENT_ID.length);
            out.write(CLIENT_ID);
            out.writeInt(0);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 8 || size > MAX_RESPONSE) {
                throw new IOException("Not a Metadata response: size " + size + " (expected 8 to " + MAX_RESPONSE + ")");
            }
            int correlationId = in.readInt();
            if (correlationId != CORRELATION_ID) {
                throw new IOException("Metadata response for correlation id " + correlationId + ", expected "
                        + CORRELATION_ID);
            }
            return in.readInt();
        }
    }
}
