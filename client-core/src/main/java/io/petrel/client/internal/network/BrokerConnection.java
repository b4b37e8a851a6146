package io.petrel.client.internal.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.petrel.client.AuthenticationException;
import io.petrel.client.ClientException;
import io.petrel.client.DisconnectedException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork.Response;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.ExponentialBackoff;
import io.petrel.client.internal.NetworkObserver;
import io.petrel.client.internal.RequestBody;
import io.petrel.client.internal.config.HostPort;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.ThrottleTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The connection to one broker: connects on demand, runs the ApiVersions exchange, sends requests in call
 * order and matches responses to them in order by correlation id.
 *
 * <p><b>Threading.</b> Each connection is confined to one Netty event loop: every state change and every
 * future completion runs on that I/O thread, so there are no locks, and callbacks chained on the futures
 * run on the I/O thread too (they must not block). Other threads only {@link #send submit} work (queued
 * onto the loop, never run inline, so a callback that sends again cannot re-enter) and read volatile
 * status fields.
 *
 * <p><b>Lifecycle.</b> DISCONNECTED -> CONNECTING -> HANDSHAKING (TLS handshake when security.protocol
 * uses TLS, then ApiVersions) -> AUTHENTICATING (SaslHandshake and SaslAuthenticate when it uses SASL) ->
 * READY, and back to DISCONNECTED when the channel closes, a request times out (as in Kafka, a late
 * response could no longer be matched, so the connection is closed), or it idles for
 * connections.max.idle.ms. Requests that arrive before READY wait; a failed attempt fails them with
 * {@link ConnectFailedException} and imposes the reconnect backoff, after which the next waiting request
 * starts a new attempt. Timers (request deadlines, setup timeout, backoff, idleness, re-authentication)
 * are read from the injected {@link Time} by {@link #tick}.
 *
 * <p><b>Throttling (KIP-219).</b> A response carrying a throttle time holds back every later request to this broker
 * until that time has passed on the injected {@link Time}, as kafka-clients does; the broker has muted the connection
 * for as long anyway.
 *
 * <p><b>Security failures are final.</b> A TLS handshake that fails, a TLS answer to a plaintext client,
 * or credentials the broker refuses fail the waiting requests with that {@link AuthenticationException}
 * itself (not a ConnectFailedException), so no caller retries them elsewhere or waits out its timeout.
 *
 * <p><b>Re-authentication (KIP-368).</b> When the broker grants a SASL session a lifetime, the connection
 * authenticates again on the same channel at 85-95% of it, between requests: new requests wait, the
 * requests in flight are answered first, then the SASL exchange runs again and the waiting requests go.
 */
final class BrokerConnection {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    /** Real time (the loop's scheduler) from finding a deadline passed to acting on it: {@link #expireAfterRecheck}. */
    static final long EXPIRY_RECHECK_DELAY_MS = 10;

    /** Told about disconnects, so metadata can be refreshed, and about each broker's ApiVersions answer. */
    interface Listener {
        void onDisconnected(int nodeId);

        void onReady(int nodeId, NegotiatedVersions versions);
    }

    private final int nodeId;
    private final Supplier<Optional<HostPort>> addressSource;
    private final EventLoop loop;
    private final ClientNetworkConfig config;
    private final Time time;
    private final Listener listener;
    private final NetworkObserver observer;
    /** Whether the observer was told this channel opened, so it hears of its closing exactly once. */
    private boolean observedOpen;
    private final ExponentialBackoff reconnectBackoff;
    private final ExponentialBackoff setupTimeout;
    private final Bootstrap bootstrap;
    private final ConnectionSecurity security;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<PendingRequest> inFlight = new ArrayDeque<>();
    /** Large response frames, kept for reuse once a reader released them (a consumer's fetch responses). */
    private final ReusableFrames frames = new ReusableFrames();

    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    /** Set by {@link #close} on the caller's thread, so events racing with the close are reported as the close. */
    private volatile boolean closing;
    private volatile NegotiatedVersions versions;
    private volatile int failedAttempts;
    private volatile long reconnectBackoffMs;
    private volatile long lastAttemptNanos;
    private volatile int connectAttempts;
    private volatile HostPort target;
    private Channel channel;
    private List<InetAddress> addresses = List.of();
    private String resolvedHost;
    private int addressIndex;
    private long setupDeadlineNanos;
    private long setupTimeoutMs;
    private long lastActivityNanos;
    private int nextCorrelationId;
    private short handshakeVersion;
    private int handshakeCorrelationId;
    private String setupPhase;
    /**
     * Counts setup's steps that read no bytes (connected, a SASL step done: an OAUTHBEARER token fetched, say); with the
     * bytes read ({@link ReceivedByteCounter}, which every frame and TLS record comes through) a recheck tells that
     * setup moved on ({@link #progress}).
     */
    private int setupSteps;
    /** The SASL exchange under way, or null. */
    private SaslAuthenticator authenticator;
    private SaslAuthenticator.Step saslStep;
    private int saslCorrelationId;
    private boolean reauthenticating;
    private long reauthAtNanos = Long.MAX_VALUE;
    /** KIP-219: nothing is sent to this broker before then, when {@link #throttled} (set by a response's throttle time). */
    private long throttleEndNanos;
    private boolean throttled;
    /** Whether an {@link #expireAfterRecheck} recheck is scheduled (one at a time, however many ticks queued up). */
    private boolean expiryRecheckPending;
    /**
     * Why the last attempt to connect failed, until one succeeds: a repeat of it is logged at DEBUG, not WARN, as a
     * request queued to a broker that left the cluster retries about once a second (reconnect.backoff.max.ms).
     */
    private String lastConnectFailure;

    BrokerConnection(int nodeId, Supplier<Optional<HostPort>> addressSource, EventLoop loop,
                     ClientNetworkConfig config, ConnectionSecurity security, Time time, NetworkObserver observer,
                     Listener listener) {
        this.observer = observer;
        this.nodeId = nodeId;
        this.security = security;
        this.addressSource = addressSource;
        this.loop = loop;
        this.config = config;
        this.time = time;
        this.listener = listener;
        this.reconnectBackoff = new ExponentialBackoff(config.reconnectBackoff().toMillis(),
                config.reconnectBackoffMax().toMillis());
        this.setupTimeout = new ExponentialBackoff(config.connectionSetupTimeout().toMillis(),
                config.connectionSetupTimeoutMax().toMillis());
        this.bootstrap = newBootstrap();
    }

    private Bootstrap newBootstrap() {
        int connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, setupTimeout.maxMs() * 2);
        return withSocketBuffers(new Bootstrap(), config.socketBuffers()).group(loop).channel(IoTransport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReceivedByteCounter());
                        if (security.tls() != null) {
                            // target is set by connect() before it starts this channel, and not changed until the next.
                            SslHandler tls = new SslHandler(security.tls().newEngine(target.host(), target.port()));
                            tls.setHandshakeTimeoutMillis(0); // the setup timeout covers the handshake
                            ch.pipeline().addLast(tls);
                        }
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                new FrameDecoder(config.maxResponseBytes(), frames),
                                new ConnectionEventForwarder(BrokerConnection.this));
                    }
                });
    }

    /**
     * {@code bootstrap} with the socket buffer sizes set: -1 leaves the OS default (kafka-clients' meaning), a size
     * is set as it is (on Linux that also turns the kernel's autotuning off for that buffer).
     */
    static Bootstrap withSocketBuffers(Bootstrap bootstrap, ClientNetworkConfig.SocketBuffers buffers) {
        if (buffers.sendBytes() >= 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, buffers.sendBytes());
        }
        if (buffers.receiveBytes() >= 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, buffers.receiveBytes());
        }
        return bootstrap;
    }

    // ---- called from any thread ----

    /** Queues a request; the future completes on the I/O thread. */
    CompletableFuture<Response> send(ApiKey api, RequestBody body, Duration timeout) {
        PendingRequest request = PendingRequest.expectingResponse(api, body, deadline(timeout), timeout.toMillis(),
                outstanding);
        submit(request);
        return request.response;
    }

    /** Queues a request that gets no response; the future completes once it is written. */
    CompletableFuture<Void> sendOneWay(ApiKey api, RequestBody body, Duration timeout) {
        PendingRequest request = PendingRequest.oneWay(api, body, deadline(timeout), timeout.toMillis(), outstanding);
        submit(request);
        return request.written;
    }

    private long deadline(Duration timeout) {
        return time.nanoseconds() + timeout.toNanos();
    }

    private void submit(PendingRequest request) {
        outstanding.incrementAndGet();
        try {
            loop.execute(() -> accept(request));
        } catch (RejectedExecutionException e) {
            request.fail(new DisconnectedException("The client is closed; " + describe() + " takes no more requests", e));
        }
    }

    /** Checks timers on the I/O thread. */
    void tick() {
        try {
            loop.execute(this::checkTimers);
        } catch (RejectedExecutionException e) {
            log.debug("Tick for {} skipped: the event loop is shutting down", describe());
        }
    }

    /**
     * Closes for good; everything outstanding fails with DisconnectedException. Returns a future done once
     * the I/O thread has done so.
     */
    Future<?> close() {
        closing = true;
        try {
            return loop.submit(this::closeOnLoop);
        } catch (RejectedExecutionException e) {
            log.debug("{} closed after its event loop stopped", describe());
            closeOnLoop();
            return loop.newSucceededFuture(null);
        }
    }

    /** Requests handed over and not yet finished (waiting to be sent, or sent and not answered). */
    int outstanding() {
        return outstanding.get();
    }

    ConnectionState state() {
        return state;
    }

    /** Nanoseconds until a new connect may start (0 when it may start now). */
    long nanosUntilConnectAllowed(long now) {
        if (failedAttempts == 0) {
            return 0;
        }
        long next = lastAttemptNanos + TimeUnit.MILLISECONDS.toNanos(reconnectBackoffMs);
        return Math.max(0, next - now);
    }

    ConnectionStatus status() {
        return new ConnectionStatus(nodeId, state, failedAttempts, reconnectBackoffMs, connectAttempts,
                Optional.ofNullable(versions));
    }

    String describe() {
        HostPort address = target != null ? target : addressSource.get().orElse(null);
        String where = address == null ? "unknown address" : address.toString();
        return nodeId < 0 ? "bootstrap server " + where + " (node " + nodeId + ")" : "node " + nodeId + " (" + where + ")";
    }

    // ---- I/O thread only from here ----

    private void accept(PendingRequest request) {
        maybeReauthenticate(time.nanoseconds());
        if (state == ConnectionState.CLOSED) {
            request.fail(new DisconnectedException("The client is closed; " + describe() + " takes no more requests"));
        } else if (state == ConnectionState.READY) {
            // Through the queue, so a request made while throttled cannot overtake those held back.
            waiting.add(request);
            writeWaiting();
        } else {
            waiting.add(request);
            if (state == ConnectionState.DISCONNECTED && nanosUntilConnectAllowed(time.nanoseconds()) == 0) {
                connect();
            }
        }
    }

    private void connect() {
        long now = time.nanoseconds();
        connectAttempts++;
        lastAttemptNanos = now;
        Optional<HostPort> address = addressSource.get();
        if (address.isEmpty()) {
            state = ConnectionState.CONNECTING;
            handleDisconnect("its address is not known", null);
            return;
        }
        target = address.get();
        InetSocketAddress remote;
        try {
            remote = nextAddress(target);
        } catch (UnknownHostException e) {
            state = ConnectionState.CONNECTING;
            handleDisconnect("could not resolve host " + target.host(), e);
            return;
        }
        state = ConnectionState.CONNECTING;
        setupTimeoutMs = setupTimeout.backoffMs(failedAttempts + 1);
        setupDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(setupTimeoutMs);
        setupPhase = "connection setup";
        log.debug("Connecting to {} at {}", describe(), remote);
        ChannelFuture connecting = bootstrap.connect(remote);
        channel = connecting.channel();
        connecting.addListener(done -> onConnectDone(connecting, remote));
    }

    /** The next address of the host, resolving it again once every address was tried (client.dns.lookup). */
    private InetSocketAddress nextAddress(HostPort hostPort) throws UnknownHostException {
        if (addressIndex >= addresses.size() || !hostPort.host().equals(resolvedHost)) {
            addresses = List.of(InetAddress.getAllByName(hostPort.host()));
            resolvedHost = hostPort.host();
            addressIndex = 0;
        }
        return new InetSocketAddress(addresses.get(addressIndex), hostPort.port());
    }

    private void onConnectDone(ChannelFuture connecting, InetSocketAddress remote) {
        if (connecting.channel() != channel) {
            connecting.channel().close();
            return;
        }
        if (!connecting.isSuccess()) {
            channel = null;
            handleDisconnect("could not connect to " + remote + ": " + connecting.cause().getMessage(),
                    connecting.cause());
            return;
        }
        state = ConnectionState.HANDSHAKING;
        setupSteps++;
        lastActivityNanos = time.nanoseconds();
        observedOpen = true;
        observer.connectionOpened(nodeId);
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            sendHandshake(ApiVersionsHandshake.FIRST_VERSION);
            return;
        }
        Channel ch = channel;
        tls.handshakeFuture().addListener(done -> onTlsHandshake(ch, tls, done));
    }

    private void onTlsHandshake(Channel ch, SslHandler tls, Future<?> done) {
        if (ch != channel) {
            return;
        }
        if (!done.isSuccess()) {
            fail(TlsFailure.handshakeFailed(describe(), done.cause()));
            return;
        }
        log.debug("TLS to {}: {} {}", describe(), tls.engine().getSession().getProtocol(),
                tls.engine().getSession().getCipherSuite());
        sendHandshake(ApiVersionsHandshake.FIRST_VERSION);
    }

    private void sendHandshake(short version) {
        handshakeVersion = version;
        handshakeCorrelationId = takeCorrelationId();
        ByteBuffer frame = RequestFrame.encode(ApiKey.API_VERSIONS, version, handshakeCorrelationId,
                config.clientId(), ApiVersionsHandshake.request());
        writeFrame(Unpooled.wrappedBuffer(frame), null);
    }

    private int takeCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = (nextCorrelationId + 1) & Integer.MAX_VALUE;
        return id;
    }

    private void write(PendingRequest request) {
        short version = -1;
        ByteBuf frame;
        try {
            version = versions.versionFor(request.api, request.body.maxVersion());
            Message body = request.body.build(version);
            // Record batches are not copied into a heap frame first: see SplicedFrameBuffer.
            SplicedMessage encoded = RequestFrame.encodeSpliced(request.api, version, nextCorrelationId,
                    config.clientId(), body);
            frame = security.tls() == null ? SplicedFrameBuffer.copyToDirect(encoded, channel.alloc())
                    : SplicedFrameBuffer.of(encoded);
        } catch (ClientException e) {
            request.fail(e);
            return;
        } catch (RuntimeException e) {
            request.fail(new ClientException("Could not encode a " + request.api.apiName() + " v" + version
                    + " request for " + describe() + ": " + e.getMessage(), e));
            return;
        }
        request.version = version;
        request.correlationId = takeCorrelationId();
        if (request.expectsResponse()) {
            inFlight.add(request);
        }
        lastActivityNanos = time.nanoseconds();
        writeFrame(frame, request.expectsResponse() ? null : request);
    }

    private void writeFrame(ByteBuf frame, PendingRequest oneWay) {
        Channel ch = channel;
        observer.requestSent(nodeId, frame.readableBytes());
        ch.writeAndFlush(frame).addListener(done -> {
            if (done.isSuccess()) {
                if (oneWay != null) {
                    oneWay.completeWritten();
                }
                return;
            }
            if (oneWay != null) {
                oneWay.fail(new DisconnectedException("Could not write " + oneWay.describe() + " to " + describe(),
                        done.cause()));
            }
            if (ch == channel) {
                dropChannel("write failed: " + done.cause().getMessage(), done.cause());
            }
        });
    }

    void onFrame(Channel ch, ByteBuffer frame) {
        if (ch != channel) {
            return;
        }
        lastActivityNanos = time.nanoseconds();
        observer.responseReceived(nodeId, frame.remaining() + Integer.BYTES);
        try {
            if (state == ConnectionState.HANDSHAKING) {
                handleHandshake(frame);
            } else if (authenticator != null) {
                handleSasl(frame);
            } else if (state == ConnectionState.READY || state == ConnectionState.AUTHENTICATING) {
                handleResponse(frame);
                maybeReauthenticate(time.nanoseconds());
            }
        } catch (ProtocolException e) {
            log.warn("Protocol error from {}: {}", describe(), e.getMessage());
            dropChannel("protocol error: " + e.getMessage(), e);
        } catch (AuthenticationException e) {
            fail(e);
        }
    }

    private void handleHandshake(ByteBuffer frame) {
        int correlationId = ResponseFrame.peekCorrelationId(frame);
        if (correlationId != handshakeCorrelationId) {
            throw new ProtocolException(describe() + " answered correlation id " + correlationId
                    + " while ApiVersions (correlation id " + handshakeCorrelationId + ") was outstanding");
        }
        ApiVersionsHandshake.Outcome outcome = ApiVersionsHandshake.decode(frame, handshakeVersion, describe());
        if (outcome instanceof ApiVersionsHandshake.Retry retry) {
            sendHandshake(retry.version());
        } else if (outcome instanceof ApiVersionsHandshake.Failed failed) {
            dropChannel(failed.error().getMessage(), failed.error());
        } else {
            versions = ((ApiVersionsHandshake.Done) outcome).versions();
            if (security.sasl() != null) {
                startSasl();
            } else {
                becomeReady();
            }
        }
    }

    // ---- SASL ----

    private void startSasl() {
        state = ConnectionState.AUTHENTICATING;
        authenticator = new SaslAuthenticator(security.sasl().mechanism(), security.sasl().newClient(), describe(),
                versions);
        sendSasl(authenticator.handshake());
    }

    private void sendSasl(SaslAuthenticator.Step step) {
        saslStep = step;
        saslCorrelationId = takeCorrelationId();
        writeFrame(Unpooled.wrappedBuffer(RequestFrame.encode(step.api(), step.version(), saslCorrelationId,
                config.clientId(), step.body())), null);
    }

    private void handleSasl(ByteBuffer frame) {
        int correlationId = ResponseFrame.peekCorrelationId(frame);
        if (correlationId != saslCorrelationId) {
            throw new ProtocolException(describe() + " answered correlation id " + correlationId + " while "
                    + saslStep.api().apiName() + " (correlation id " + saslCorrelationId + ") was outstanding");
        }
        Message body = ResponseFrame.decode(frame, saslStep.api(), saslStep.version()).body();
        if (saslStep.api() == ApiKey.SASL_HANDSHAKE) {
            Channel ch = channel;
            SaslAuthenticator exchange = authenticator;
            authenticator.onHandshakeResponse(body).whenComplete((step, error) -> onLoop(() -> {
                if (ch != channel || exchange != authenticator) {
                    return;
                }
                setupSteps++;
                if (error != null) {
                    fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else {
                    sendSasl(step);
                }
            }));
            return;
        }
        Optional<SaslAuthenticator.Step> next = authenticator.onAuthenticateResponse(body);
        if (next.isPresent()) {
            sendSasl(next.get());
        } else {
            authenticated(authenticator.sessionLifetimeMs());
        }
    }

    private void authenticated(long sessionLifetimeMs) {
        authenticator = null;
        saslStep = null;
        long now = time.nanoseconds();
        // As Kafka's client: 85% of the lifetime plus up to 10% jitter, so many connections do not re-authenticate at once.
        reauthAtNanos = sessionLifetimeMs <= 0 ? Long.MAX_VALUE : now + TimeUnit.MILLISECONDS.toNanos(
                (long) (sessionLifetimeMs * (0.85 + 0.10 * ThreadLocalRandom.current().nextDouble())));
        if (!reauthenticating) {
            log.debug("Authenticated to {} with {}; session lifetime {} ms", describe(), security.sasl().mechanism(),
                    sessionLifetimeMs);
            becomeReady();
            return;
        }
        reauthenticating = false;
        log.debug("Re-authenticated to {}; session lifetime {} ms", describe(), sessionLifetimeMs);
        state = ConnectionState.READY;
        writeWaiting();
    }

    /** Starts a re-authentication when it is due, once the requests in flight are answered. */
    private void maybeReauthenticate(long now) {
        if (state == ConnectionState.READY && now - reauthAtNanos >= 0) {
            log.debug("Re-authenticating to {}: the SASL session is about to expire", describe());
            state = ConnectionState.AUTHENTICATING;
            reauthenticating = true;
            reauthAtNanos = Long.MAX_VALUE;
            setupDeadlineNanos = now + config.requestTimeout().toNanos();
            setupTimeoutMs = config.requestTimeout().toMillis();
            setupPhase = "re-authentication";
        }
        if (reauthenticating && authenticator == null && inFlight.isEmpty()) {
            startSasl();
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: event loop stopped before a SASL step could run", describe());
        }
    }

    private void becomeReady() {
        state = ConnectionState.READY;
        failedAttempts = 0;
        lastConnectFailure = null;
        reconnectBackoffMs = 0;
        log.debug("Connected to {} (ApiVersions v{}): {}", describe(), handshakeVersion, versions);
        listener.onReady(nodeId, versions);
        writeWaiting();
    }

    private void writeWaiting() {
        PendingRequest request;
        while (state == ConnectionState.READY && !throttledAt(time.nanoseconds()) && (request = waiting.poll()) != null) {
            write(request);
        }
    }

    private void handleResponse(ByteBuffer frame) {
        int correlationId = ResponseFrame.peekCorrelationId(frame);
        PendingRequest head = inFlight.peek();
        if (head == null) {
            throw new ProtocolException(describe() + " sent a response (correlation id " + correlationId
                    + ") with no request in flight");
        }
        if (correlationId != head.correlationId) {
            throw new ProtocolException(describe() + " answered correlation id " + correlationId
                    + " but the oldest request in flight is " + head.describe() + "; responses must come in order");
        }
        inFlight.poll();
        Message body;
        try {
            body = ResponseFrame.decode(frame, head.api, head.version).body();
        } catch (ProtocolException e) {
            head.fail(new ClientException("Could not read the " + head.describe() + " response from " + describe()
                    + ": " + e.getMessage(), e));
            return;
        }
        int throttleMs = ThrottleTime.of(body);
        if (throttleMs > 0) {
            throttleFor(throttleMs);
        }
        head.complete(new Response(nodeId, head.version, body, frames.leaseOf(frame)));
    }

    /**
     * KIP-219, as kafka-clients does: a broker that answers with a throttle time has muted this connection for that
     * long, so requests are held back here (not sent to sit in its socket) until it passes; their timeouts keep
     * counting. The tick sends them once it has.
     */
    private void throttleFor(int throttleMs) {
        long end = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(throttleMs);
        if (!throttled || end - throttleEndNanos > 0) {
            throttleEndNanos = end;
        }
        throttled = true;
        log.debug("{} throttled this client for {} ms (over a quota)", describe(), throttleMs);
    }

    private boolean throttledAt(long now) {
        if (throttled && now - throttleEndNanos >= 0) {
            throttled = false;
        }
        return throttled;
    }

    void onChannelClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        boolean plaintextApiVersions = state == ConnectionState.HANDSHAKING && security.tls() == null;
        handleDisconnect("the connection was closed by the broker" + (plaintextApiVersions
                ? " during the ApiVersions exchange (if it is a TLS listener, set security.protocol=SSL or SASL_SSL)"
                : ""), null);
    }

    void onChannelError(Channel ch, Throwable cause) {
        if (ch != channel) {
            return;
        }
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TlsRecordHeader.TlsAnswerException) {
            fail(TlsFailure.tlsAnswer(describe()));
            return;
        }
        if (security.tls() != null && TlsFailure.isTls(root)) {
            fail(TlsFailure.handshakeFailed(describe(), root));
            return;
        }
        log.warn("Closing the connection to {} after an error: {}", describe(), root.toString());
        dropChannel(root.getMessage(), root);
    }

    /** A failure that retrying cannot fix (see the class comment): the requests waiting fail with it. */
    private void fail(Throwable error) {
        dropChannel(error.getMessage(), error);
    }

    /** Forgets the channel, fails what depended on it, then closes it; its later events are ignored. */
    private void dropChannel(String reason, Throwable cause) {
        Channel ch = channel;
        channel = null;
        handleDisconnect(reason, cause);
        if (ch != null) {
            ch.close();
        }
    }

    private void handleDisconnect(String reason, Throwable cause) {
        observeClosed();
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (closing) {
            closeOnLoop();
            return;
        }
        boolean beforeReady = state != ConnectionState.READY;
        state = ConnectionState.DISCONNECTED;
        forgetSasl();
        failedAttempts++;
        reconnectBackoffMs = reconnectBackoff.backoffMs(failedAttempts);
        List<PendingRequest> sent = drain(inFlight);
        List<PendingRequest> unsent = beforeReady ? drain(waiting) : List.of();
        if (cause instanceof AuthenticationException final_) {
            lastConnectFailure = null;
            log.warn("{}; next attempt in {} ms", reason, reconnectBackoffMs);
            listener.onDisconnected(nodeId);
            failAll(unsent, final_);
            failAll(sent, final_);
            return;
        }
        if (beforeReady) {
            addressIndex++;
            logConnectFailure(reason);
        } else {
            log.info("Disconnected from {} with {} request(s) in flight: {}", describe(), sent.size(), reason);
        }
        listener.onDisconnected(nodeId);
        failAll(unsent, new ConnectFailedException("Could not connect to " + describe() + ": " + reason, cause));
        failAll(sent, new DisconnectedException("Connection to " + describe() + " closed with " + sent.size()
                + " request(s) in flight: " + reason, cause));
    }

    private void logConnectFailure(String reason) {
        boolean repeated = reason.equals(lastConnectFailure);
        lastConnectFailure = reason;
        if (repeated) {
            log.debug("Connection to {} could not be established ({}) again; next attempt in {} ms", describe(), reason,
                    reconnectBackoffMs);
        } else {
            log.warn("Connection to {} could not be established ({}); next attempt in {} ms (failures for the same reason"
                    + " are logged at DEBUG until it connects)", describe(), reason, reconnectBackoffMs);
        }
    }

    private void forgetSasl() {
        authenticator = null;
        saslStep = null;
        reauthenticating = false;
        reauthAtNanos = Long.MAX_VALUE;
    }

    private void checkTimers() {
        long now = time.nanoseconds();
        if (expireSetup(now)) {
            return;
        }
        maybeReauthenticate(now);
        expireWaiting(now);
        if (state == ConnectionState.READY && !waiting.isEmpty()) {
            writeWaiting();
        }
        if (expireInFlight(now)) {
            return;
        }
        closeIfIdle(now);
        if (state == ConnectionState.DISCONNECTED && !waiting.isEmpty() && nanosUntilConnectAllowed(now) == 0) {
            connect();
        }
    }

    private void expireWaiting(long now) {
        for (Iterator<PendingRequest> it = waiting.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (now - request.deadlineNanos >= 0) {
                it.remove();
                request.fail(timeout(request, " before it could be sent (" + state + ")"));
            }
        }
    }

    /**
     * Ends a connect, handshake or authentication that outlasted its deadline, once a recheck finds it has not moved
     * on since (see {@link #expireAfterRecheck}): its answer may be in the socket, unread. Returns whether the
     * connection was closed here.
     */
    private boolean expireSetup(long now) {
        if (!settingUp() || now - setupDeadlineNanos < 0) {
            return false;
        }
        long deadline = setupDeadlineNanos;
        return expireAfterRecheck(now + TimeUnit.MILLISECONDS.toNanos(setupTimeoutMs),
                () -> settingUp() && setupDeadlineNanos == deadline,
                () -> dropChannel(setupPhase + " did not finish within " + setupTimeoutMs + " ms" + (reauthenticating
                        ? " (request.timeout.ms)"
                        : " (socket.connection.setup.timeout.ms, growing to socket.connection.setup.timeout.max.ms)"),
                        null));
    }

    private boolean settingUp() {
        return state == ConnectionState.CONNECTING || state == ConnectionState.HANDSHAKING
                || state == ConnectionState.AUTHENTICATING;
    }

    /**
     * Fails the oldest in-flight request found expired at {@code now} and still unanswered at the recheck (see
     * {@link #expireAfterRecheck}); requests that expired since are left to the next tick. Returns whether the
     * connection was closed here.
     */
    private boolean expireInFlight(long now) {
        PendingRequest expired = firstExpiredInFlight(now);
        if (expired == null) {
            return false;
        }
        return expireAfterRecheck(now + TimeUnit.MILLISECONDS.toNanos(expired.timeoutMs),
                () -> firstExpiredInFlight(now) != null, () -> expire(firstExpiredInFlight(now)));
    }

    /**
     * Puts off acting on a passed deadline until the loop has read the socket again: the answer may be there, unread,
     * when the I/O thread was held up (a callback that blocks, a GC pause) past the deadline, and the tick can run
     * before the loop reads (kafka-clients reads what arrived before it expires anything). So the decision is made
     * later, on the loop, from what it then finds: nothing if {@code stillDue} no longer holds (answered, set up), else
     * {@code expire}. Each turn of Netty's loop selects and reads the ready sockets, then runs its tasks; scheduled
     * tasks join them only at the start of that task run, so one scheduled from a task (the tick) runs in a later
     * turn, after the socket was read at least once more.
     *
     * <p>An answer larger than one turn's reads (a fetch of several MB), or one still arriving when the deadline
     * passes, is not complete at the recheck. So while bytes keep arriving on the channel (or setup takes a step),
     * each recheck puts the decision off by another {@link #EXPIRY_RECHECK_DELAY_MS}; a recheck that finds nothing
     * arrived since the last decides. A broker that trickles bytes forever is bounded by {@code giveUpAtNanos}: when
     * the deadline was found passed plus its own length again (request.timeout.ms for a request, the setup timeout for
     * setup; counted from then, not from the deadline, so a long pause does not use it up), from which on a recheck
     * decides whatever arrived. A broker that never answers still times out about {@link #EXPIRY_RECHECK_DELAY_MS}
     * after the deadline was found passed.
     *
     * <p>One recheck at a time; it is dropped if the channel closed meanwhile (failing what depended on it). Returns
     * true if the decision was made at once instead (no channel, or the loop is stopping), which closes the connection
     * when {@code stillDue} holds.
     */
    private boolean expireAfterRecheck(long giveUpAtNanos, BooleanSupplier stillDue, Runnable expire) {
        if (expiryRecheckPending) {
            return false;
        }
        Channel ch = channel;
        if (ch != null && scheduleRecheck(ch, progress(ch), giveUpAtNanos, stillDue, expire)) {
            return false;
        }
        if (stillDue.getAsBoolean()) {
            expire.run();
        }
        return true;
    }

    private boolean scheduleRecheck(Channel ch, long progressAtCheck, long giveUpAtNanos, BooleanSupplier stillDue,
                                    Runnable expire) {
        try {
            loop.schedule(() -> {
                expiryRecheckPending = false;
                if (ch != channel || !stillDue.getAsBoolean()) {
                    return;
                }
                long progress = progress(ch);
                boolean arriving = progress != progressAtCheck && time.nanoseconds() - giveUpAtNanos < 0;
                if (!arriving || !scheduleRecheck(ch, progress, giveUpAtNanos, stillDue, expire)) {
                    expire.run();
                }
            }, EXPIRY_RECHECK_DELAY_MS, TimeUnit.MILLISECONDS);
            expiryRecheckPending = true;
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("{}: event loop stopping, expiring without a recheck", describe());
            return false;
        }
    }

    /** Moves on with every byte read from {@code ch} and every setup step, so a recheck can tell something arrived. */
    private long progress(Channel ch) {
        ReceivedByteCounter received = ch.pipeline().get(ReceivedByteCounter.class);
        return setupSteps + (received == null ? 0 : received.bytes());
    }

    private PendingRequest firstExpiredInFlight(long now) {
        for (PendingRequest request : inFlight) {
            if (now - request.deadlineNanos >= 0) {
                return request;
            }
        }
        return null;
    }

    /** Fails the request with a TimeoutException and closes the connection, as a late answer could not be matched. */
    private void expire(PendingRequest request) {
        inFlight.remove(request);
        TimeoutException error = timeout(request, "");
        dropChannel(error.getMessage(), null);
        request.fail(error);
    }

    private TimeoutException timeout(PendingRequest request, String detail) {
        return new TimeoutException(request.describe() + " to " + describe() + " got no response within "
                + request.timeoutMs + " ms (request.timeout.ms)" + detail);
    }

    private void closeIfIdle(long now) {
        long idleMs = config.connectionsMaxIdle().toMillis();
        if (state != ConnectionState.READY || idleMs < 0 || !inFlight.isEmpty() || !waiting.isEmpty()
                || now - lastActivityNanos < TimeUnit.MILLISECONDS.toNanos(idleMs)) {
            return;
        }
        log.debug("Closing the connection to {}: idle for connections.max.idle.ms ({} ms)", describe(), idleMs);
        observeClosed();
        Channel ch = channel;
        channel = null;
        state = ConnectionState.DISCONNECTED;
        forgetSasl();
        ch.close();
    }

    private void observeClosed() {
        if (observedOpen) {
            observedOpen = false;
            observer.connectionClosed(nodeId);
        }
    }

    private void closeOnLoop() {
        observeClosed();
        state = ConnectionState.CLOSED;
        forgetSasl();
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        List<PendingRequest> all = drain(inFlight);
        all.addAll(drain(waiting));
        failAll(all, new DisconnectedException("The client closed its connection to " + describe()));
    }

    private static List<PendingRequest> drain(ArrayDeque<PendingRequest> queue) {
        List<PendingRequest> out = new ArrayList<>(queue);
        queue.clear();
        return out;
    }

    private static void failAll(List<PendingRequest> requests, Throwable error) {
        for (PendingRequest request : requests) {
            request.fail(error);
        }
    }
}
