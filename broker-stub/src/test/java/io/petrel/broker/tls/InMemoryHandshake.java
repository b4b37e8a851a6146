package io.petrel.broker.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

/** Runs a TLS handshake between a client and a server {@link SSLEngine} over byte buffers, no sockets. */
final class InMemoryHandshake {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_ROUNDS = 200;

    private InMemoryHandshake() {
    }

    /** Completes the handshake, or throws the first engine's {@link SSLException} (bad certificate, untrusted peer...). */
    static void run(SSLEngine client, SSLEngine server) throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer clientToServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer serverToClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer clientApp = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 2);
        ByteBuffer serverApp = ByteBuffer.allocate(server.getSession().getApplicationBufferSize() * 2);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            step(client, clientToServer, serverToClient, clientApp);
            step(server, serverToClient, clientToServer, serverApp);
            if (finished(client) && finished(server) && clientToServer.position() == 0 && serverToClient.position() == 0) {
                return;
            }
        }
        throw new AssertionError("The handshake did not finish in " + MAX_ROUNDS + " rounds");
    }

    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            if (engine.wrap(EMPTY, out).bytesProduced() == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                break;
            }
            runTasks(engine);
        }
        in.flip();
        try {
            while (in.hasRemaining()) {
                int before = in.remaining();
                engine.unwrap(in, app);
                runTasks(engine);
                if (in.remaining() == before) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
        runTasks(engine);
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
