package io.petrel.broker.campaign;

import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RandomMessages;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.schemas.ApiVersionsRequest;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.JoinGroupRequest;
import io.petrel.protocol.schemas.ProduceResponse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Structure-aware fuzzing of a running broker: for every API and version the broker advertises, valid requests are
 * generated from the schemas ({@link RandomMessages}), spoiled by one {@link RequestMutation}, and sent; each is
 * followed on the same connection by an ApiVersions sentinel, so that a request which got no answer, or one the
 * broker hangs on, shows. Every request must get a response or a closed connection; a normal client (its own
 * connection: produce, then read the log end back) must be served every {@value #NORMAL_CLIENT_EVERY} requests.
 *
 * <p>Request {@code i} is drawn from {@code seed} and {@code i} alone, so a failure names both and
 * {@code -Dfuzz.seed=} replays the sequence.
 */
final class RequestFuzzer {
    static final int NORMAL_CLIENT_EVERY = 1000;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    /** Long polls declaring a longer wait are not waited for (see {@link #declaredDelay}). */
    private static final Duration LONGEST_DELAY_WAITED = Duration.ofSeconds(10);
    private static final String NORMAL_TOPIC = "normal-client";

    /** What one campaign saw. */
    record Outcome(long requests, Map<String, Long> byKind, long closes, long normalClientRounds, Duration took) {
    }

    /** A request the broker did not handle as promised. */
    static final class Finding extends AssertionError {
        Finding(String what, long seed, long index, ApiKey api, short version, RequestMutation mutation) {
            super(what + " (request " + index + " of campaign seed " + seed + ": " + api.apiName() + " v" + version
                    + ", mutation " + mutation + "; replay with -Dfuzz.seed=" + seed + " -Dfuzz.requests="
                    + (index + 1) + ")");
        }
    }

    private record Target(ApiKey api, short version) {
    }

    private final int port;
    private final long seed;
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Long> byKind = new TreeMap<>();
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private long closes;

    RequestFuzzer(int port, long seed) throws IOException {
        this.port = port;
        this.seed = seed;
        try (RawClient client = RawClient.connect(port)) {
            Message versions = client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            for (Message v : versions.get(ApiVersionsResponse.API_KEYS)) {
                Optional<ApiKey> api = ApiKey.lookup(v.get(ApiVersionsResponse.ApiVersion.API_KEY));
                if (api.isEmpty()) {
                    continue;
                }
                for (short version = v.get(ApiVersionsResponse.ApiVersion.MIN_VERSION);
                     version <= v.get(ApiVersionsResponse.ApiVersion.MAX_VERSION); version++) {
                    if (api.get().requestSchema().validVersions().contains(version)) {
                        targets.add(new Target(api.get(), version));
                    }
                }
            }
        }
    }

    /** Every API and version the broker advertised (and Petrel has a schema for), as "Name vN". */
    List<String> targets() {
        return targets.stream().map(t -> t.api().apiName() + " v" + t.version()).toList();
    }

    /**
     * Sends {@code requests} requests; {@code brokerAlive} is asked after each connection loss.
     *
     * @throws Finding on the first request the broker mishandles
     */
    Outcome run(long requests, java.util.function.BooleanSupplier brokerAlive) throws IOException {
        long started = System.nanoTime();
        long normalRounds = 0;
        try (RawClient normal = RawClient.connect(port)) {
            normal.createTopicOrFail(NORMAL_TOPIC, 1);
            for (long i = 0; i < requests; i++) {
                fuzzOne(i, brokerAlive);
                if (i % NORMAL_CLIENT_EVERY == 0) {
                    normalClientRound(normal, i);
                    normalRounds++;
                }
            }
            normalClientRound(normal, requests);
            normalRounds++;
        } finally {
            disconnect();
        }
        return new Outcome(requests, new TreeMap<>(byKind), closes, normalRounds,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void fuzzOne(long index, java.util.function.BooleanSupplier brokerAlive) throws IOException {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Target target = targets.get(random.nextInt(targets.size()));
        RequestMutation mutation = RequestMutation.values()[random.nextInt(RequestMutation.values().length)];
        int correlationId = (int) (index & 0x3fffffff);
        Message body = RandomMessages.of(target.api().requestSchema(), target.version(), random.nextLong());
        ByteBuffer encoded = RequestFrame.encode(target.api(), target.version(), correlationId, "fuzzer", body);
        byte[] frame = new byte[encoded.remaining()];
        encoded.get(frame);
        byte[] spoiled = mutation.spoil(frame, random);
        short sentKey = ByteBuffer.wrap(spoiled).getShort(4);
        int sentinelId = -1 - correlationId;
        ByteBuffer sentinel = RequestFrame.encode(ApiKey.API_VERSIONS, (short) 0, sentinelId, "fuzzer",
                ApiVersionsRequest.SCHEMA.newMessage());

        Duration delay = declaredDelay(spoiled);
        if (delay.compareTo(LONGEST_DELAY_WAITED) > 0) {
            // A well-formed long poll (a Fetch's max wait, a JoinGroup's rebalance timeout): the broker may rightly
            // hold it that long, so it is sent on a connection of its own and left there.
            longPoll(spoiled, mutation);
            return;
        }
        if (socket == null) {
            connect();
        }
        socket.setSoTimeout((int) ANSWER_WITHIN.plus(delay).toMillis());
        try {
            out.write(spoiled);
            out.write(sentinel.array(), sentinel.arrayOffset() + sentinel.position(), sentinel.remaining());
            out.flush();
            int answers = 0;
            while (true) {
                int size = in.readInt();
                if (size < 4 || size > 64 * 1024 * 1024) {
                    throw new Finding("the broker sent a frame of " + size + " bytes", seed, index, target.api(),
                            target.version(), mutation);
                }
                byte[] response = new byte[size];
                in.readFully(response);
                int answeredId = ByteBuffer.wrap(response).getInt(0);
                if (answeredId == sentinelId) {
                    break;
                }
                answers++;
                count(mutation, size == 6 ? "answered with 6 bytes, error " + ErrorCode.forCode(
                        ByteBuffer.wrap(response).getShort(4)) : "answered");
            }
            if (answers == 0 && sentKey != ApiKey.PRODUCE.id()) {
                throw new Finding("the broker answered the next request but not this one", seed, index, target.api(),
                        target.version(), mutation);
            }
            if (answers > 1) {
                throw new Finding("the broker answered one request " + answers + " times", seed, index, target.api(),
                        target.version(), mutation);
            }
            if (answers == 0) {
                count(mutation, "no answer (a Produce, acks=0)");
            }
        } catch (SocketTimeoutException e) {
            throw new Finding("no answer nor close within " + ANSWER_WITHIN.toSeconds() + " s", seed, index,
                    target.api(), target.version(), mutation);
        } catch (EOFException | SocketException e) {
            count(mutation, "connection closed");
            closes++;
            disconnect();
            if (!brokerAlive.getAsBoolean()) {
                throw new Finding("the broker died", seed, index, target.api(), target.version(), mutation);
            }
            if (mutation == RequestMutation.NONE) {
                throw new Finding("the broker closed the connection on a well-formed request", seed, index,
                        target.api(), target.version(), mutation);
            }
        }
    }

    /** How long the broker may rightly hold this request before answering, should it parse. */
    private static Duration declaredDelay(byte[] spoiled) {
        try {
            RequestFrame request = RequestFrame.decode(ByteBuffer.wrap(spoiled, 4, spoiled.length - 4).slice());
            Optional<ApiKey> api = request.api();
            if (api.isEmpty() || !api.get().requestSchema().validVersions().contains(request.apiVersion())) {
                return Duration.ZERO;
            }
            Message body = request.decodeBody();
            long ms = switch (api.get()) {
                case FETCH -> body.get(FetchRequest.MAX_WAIT_MS);
                case JOIN_GROUP -> Math.max(body.get(JoinGroupRequest.SESSION_TIMEOUT_MS),
                        request.apiVersion() >= 1 ? body.get(JoinGroupRequest.REBALANCE_TIMEOUT_MS) : 0);
                default -> 0;
            };
            return Duration.ofMillis(Math.max(0, ms));
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    private void longPoll(byte[] spoiled, RequestMutation mutation) throws IOException {
        try (Socket poll = new Socket()) {
            poll.connect(new InetSocketAddress("127.0.0.1", port), (int) ANSWER_WITHIN.toMillis());
            poll.getOutputStream().write(spoiled);
            poll.getOutputStream().flush();
        }
        count(mutation, "a long poll, sent and left");
    }

    private void count(RequestMutation mutation, String what) {
        byKind.merge(mutation + ": " + what, 1L, Long::sum);
    }

    private void normalClientRound(RawClient normal, long index) throws IOException {
        long before = normal.logEndOffset(NORMAL_TOPIC, 0);
        Message response = normal.call(ApiKey.PRODUCE, 9, RawClient.produce(NORMAL_TOPIC, 0,
                RawClient.batch("normal-" + index, 5)));
        short error = response.get(ProduceResponse.RESPONSES).get(0)
                .get(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES).get(0)
                .get(ProduceResponse.PartitionProduceResponse.ERROR_CODE);
        if (error != ErrorCode.NONE.code() || normal.logEndOffset(NORMAL_TOPIC, 0) != before + 5) {
            throw new AssertionError("The normal client's produce after fuzz request " + index + " of seed " + seed
                    + " failed: error " + error + ", log end " + normal.logEndOffset(NORMAL_TOPIC, 0) + " (was "
                    + before + ")");
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) ANSWER_WITHIN.toMillis());
        socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private void disconnect() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
