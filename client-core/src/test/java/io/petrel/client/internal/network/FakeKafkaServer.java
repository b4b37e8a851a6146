package io.petrel.client.internal.network;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.MetadataResponse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A tiny Kafka-speaking server for tests of what a real broker will not do on demand: answering ApiVersions
 * with UNSUPPORTED_VERSION, offering few APIs, answering out of order, sending absurd frame sizes. Blocking
 * sockets, one thread per connection; a {@link Responder} decides what each request gets.
 */
final class FakeKafkaServer implements AutoCloseable {

    /**
     * The frames to send back for a request (possibly none yet, possibly several), or null to hang up. Each is written
     * as the iteration reaches it, so an iterable that waits between them writes an answer over time.
     */
    @FunctionalInterface
    interface Responder {
        Iterable<ByteBuffer> respond(RequestFrame request);
    }

    /** Kafka's default socket.request.max.bytes. */
    private static final int MAX_REQUEST_BYTES = 100 * 1024 * 1024;

    private final ServerSocket server;
    private final Supplier<Responder> responders;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<RequestFrame> received = new CopyOnWriteArrayList<>();
    /** How many answers (each the frames for one request) were written and flushed to the client's socket. */
    private final AtomicInteger flushes = new AtomicInteger();

    FakeKafkaServer(Responder responder) throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), () -> responder);
    }

    /**
     * A server on a socket of the test's making (a TLS server socket, say) with a responder of its own per
     * connection (for per-connection state such as a SASL exchange).
     */
    FakeKafkaServer(ServerSocket server, Supplier<Responder> responders) {
        this.server = server;
        this.responders = responders;
        Thread acceptor = new Thread(this::acceptLoop, "fake-kafka-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** How many connections were accepted. */
    int connections() {
        return sockets.size();
    }

    /**
     * How many answers were flushed: on loopback the bytes are in the client's receive buffer once the write
     * returns, so a test can tell an answer is waiting in the client's socket.
     */
    int flushes() {
        return flushes.get();
    }

    String bootstrap() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                // As a broker's: without it an answer written in pieces waits on the client's delayed ACK (Nagle).
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "fake-kafka-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        Responder responder = responders.get();
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int size = in.readInt();
                if (size < 0 || size > MAX_REQUEST_BYTES) {
                    return; // as a broker does with a size beyond socket.request.max.bytes (a TLS ClientHello, say)
                }
                byte[] frame = new byte[size];
                in.readFully(frame);
                RequestFrame request = RequestFrame.decode(ByteBuffer.wrap(frame));
                received.add(request);
                Iterable<ByteBuffer> responses = responder.respond(request);
                if (responses == null) {
                    return;
                }
                for (ByteBuffer response : responses) {
                    out.write(response.array(), response.arrayOffset() + response.position(), response.remaining());
                }
                out.flush();
                flushes.incrementAndGet();
            }
        } catch (EOFException | SocketException | SSLException e) {
            // The client hung up, the server closed, or the client's TLS handshake failed (what the test looks at).
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The versions of the requests received, as "ApiVersions v4" strings. */
    List<String> receivedVersions() {
        List<String> out = new ArrayList<>();
        for (RequestFrame r : received) {
            out.add(r.api().map(ApiKey::apiName).orElse("key " + r.apiKey()) + " v" + r.apiVersion());
        }
        return out;
    }

    static Message apiVersionsBody(ErrorCode error, Map<ApiKey, Versions> offered) {
        List<Message> keys = new ArrayList<>();
        offered.forEach((api, range) -> keys.add(Message.of(ApiVersionsResponse.ApiVersion.SCHEMA)
                .set(ApiVersionsResponse.ApiVersion.API_KEY, api.id())
                .set(ApiVersionsResponse.ApiVersion.MIN_VERSION, range.lowest())
                .set(ApiVersionsResponse.ApiVersion.MAX_VERSION, range.highest())));
        return ApiVersionsResponse.SCHEMA.newMessage()
                .set(ApiVersionsResponse.ERROR_CODE, error.code())
                .set(ApiVersionsResponse.API_KEYS, keys);
    }

    /**
     * Answers ApiVersions as a broker whose ApiVersions range is {@code offered}'s: a request above it gets
     * UNSUPPORTED_VERSION in a v0 body.
     */
    static ByteBuffer answerApiVersions(RequestFrame request, Map<ApiKey, Versions> offered) {
        Versions own = offered.get(ApiKey.API_VERSIONS);
        if (request.apiVersion() > own.highest()) {
            return ResponseFrame.encode(ApiKey.API_VERSIONS, (short) 0, request.correlationId(),
                    apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, offered));
        }
        return ResponseFrame.encode(ApiKey.API_VERSIONS, request.apiVersion(), request.correlationId(),
                apiVersionsBody(ErrorCode.NONE, offered));
    }

    /** A Metadata answer naming one broker (this server, as node {@code nodeId}) and no topics. */
    ByteBuffer answerMetadata(RequestFrame request, int nodeId) {
        return answerMetadata(request, nodeId, "fake-cluster");
    }

    /** As {@link #answerMetadata(RequestFrame, int)}, with this cluster id (a long one makes a large answer). */
    ByteBuffer answerMetadata(RequestFrame request, int nodeId, String clusterId) {
        Message broker = Message.of(MetadataResponse.MetadataResponseBroker.SCHEMA)
                .set(MetadataResponse.MetadataResponseBroker.NODE_ID, nodeId)
                .set(MetadataResponse.MetadataResponseBroker.HOST, "127.0.0.1")
                .set(MetadataResponse.MetadataResponseBroker.PORT, port());
        Message body = MetadataResponse.SCHEMA.newMessage()
                .set(MetadataResponse.BROKERS, List.of(broker))
                .set(MetadataResponse.CLUSTER_ID, clusterId);
        return ResponseFrame.encode(ApiKey.METADATA, request.apiVersion(), request.correlationId(), body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
