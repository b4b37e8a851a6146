package io.petrel.broker.internal.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.petrel.broker.ConnectionLimits;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.metrics.RequestRecorder;
import io.petrel.broker.internal.security.ListenerSecurity;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The broker's listening sockets, one per listener, sharing one acceptor thread and a small pool of event
 * loops. Each connection gets, in this order, a TLS handler (TLS listeners: Netty's {@link SslHandler} over the
 * JDK's engine), an idle timer ({@link IdleConnectionCloser}), a frame decoder and a {@link ConnectionHandler}
 * holding the connection's security session (SASL state, principal) from its listener.
 *
 * <p>Resource limits ({@link ConnectionLimits}): a {@link ConnectionCounter} admits each connection under
 * max.connections and max.connections.per.ip; one {@link RequestMemoryPool} bounds the bytes of requests read and not
 * yet answered (queued.max.request.bytes); a connection's write buffer water mark bounds its unsent responses.
 *
 * <p>It binds before the broker's state is loaded (the advertised port must be known to load it) but
 * reads nothing until {@link #open} hands it the handlers, so no request ever meets a half-started broker.
 *
 * <p>It keeps its own set of open connections and closes them on {@link #close}: shutting the event loops
 * down is not enough, since a connection accepted just before the close can be registered with its event
 * loop after the loop has closed its channels, and would then stay open with nobody serving it.
 *
 * <p>Its threads are daemons: a broker a test forgot to close must not keep the JVM alive.
 */
public final class BrokerServer implements AutoCloseable {
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final AtomicLong connectionCount = new AtomicLong();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    private volatile HandlerRegistry registry;
    private volatile ApiVersionsHandler apiVersions;
    private volatile FaultRules faults;
    private volatile RequestRecorder requests = RequestRecorder.NONE;
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();
    private final ConnectionCounter connectionCounter;
    private final ConnectionAdmission admission;
    private final RequestMemoryPool requestMemory;
    private final ConnectionLimits limits;
    private final LongSupplier nanoTime;

    private BrokerServer(int workerThreads, ConnectionLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.connectionCounter = new ConnectionCounter(limits.maxConnections(), limits.maxConnectionsPerIp());
        this.admission = new ConnectionAdmission(connectionCounter);
        this.requestMemory = new RequestMemoryPool(limits.queuedMaxRequestBytes());
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("petrel-network-acceptor", true),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("petrel-network", true),
                NioIoHandler.newFactory());
    }

    /**
     * One listener to bind.
     *
     * @param security the listener's name, protocol, TLS context and SASL settings
     * @param host     address to bind
     * @param port     port to bind; 0 picks a free one
     */
    public record Binding(ListenerSecurity security, String host, int port) {
    }

    /** Binds a single PLAINTEXT listener; see {@link #bind(List, int, Duration)}. */
    public static BrokerServer bind(String host, int port, int maxRequestBytes, Duration idleTimeout)
            throws IOException, InterruptedException {
        return bind(List.of(new Binding(ListenerSecurity.plaintext("PLAINTEXT"), host, port)), maxRequestBytes, idleTimeout);
    }

    /**
     * Binds every listener's port; connections are accepted but not read until {@link #open}.
     *
     * @throws IOException naming the listener and address when one cannot be bound (in use, not local...);
     *                     nothing is left running then
     */
    public static BrokerServer bind(List<Binding> listeners, int maxRequestBytes, Duration idleTimeout)
            throws IOException, InterruptedException {
        return bind(listeners, maxRequestBytes, idleTimeout, ConnectionLimits.defaults(), System::nanoTime);
    }

    /**
     * Binds every listener's port under these connection limits, measuring idleness on {@code nanoTime}.
     *
     * @throws IOException naming the listener and address when one cannot be bound
     */
    public static BrokerServer bind(List<Binding> listeners, int maxRequestBytes, Duration idleTimeout,
                                    ConnectionLimits limits, LongSupplier nanoTime)
            throws IOException, InterruptedException {
        BrokerServer server = new BrokerServer(Math.max(2, Runtime.getRuntime().availableProcessors()), limits,
                nanoTime);
        try {
            for (Binding listener : listeners) {
                server.listen(listener, maxRequestBytes, idleTimeout);
            }
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void listen(Binding listener, int maxRequestBytes, Duration idleTimeout)
            throws IOException, InterruptedException {
        ListenerSecurity security = listener.security();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(admission)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        limits.maxUnsentResponseBytes() / 2, limits.maxUnsentResponseBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        track(ch);
                        if (security.sslContext() != null) {
                            ch.pipeline().addLast(security.sslContext().newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new IdleConnectionCloser(idleTimeout, nanoTime))
                                .addLast(new RequestFrameDecoder(maxRequestBytes, security.name(), security.protocol(),
                                        requestMemory))
                                .addLast(new ConnectionHandler(registry, apiVersions, faults,
                                        "conn-" + connectionCount.incrementAndGet(), security.newSession(),
                                        requestMemory, requests, nanoTime));
                    }
                });
        ChannelFuture bound = bootstrap.bind(listener.host(), listener.port()).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String why = cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")
                    ? "the address is already in use (another broker, or Kafka, listening there?)"
                    : String.valueOf(cause.getMessage());
            throw new IOException("Could not listen on " + listener.host() + ":" + listener.port() + " (listener "
                    + security.name() + "): " + why, cause);
        }
        serverChannels.put(security.name(), bound.channel());
        connectionCounter.addAcceptor(bound.channel());
    }

    /** Remembers an accepted connection until it closes; one accepted while closing is closed at once. */
    private void track(Channel ch) {
        connections.add(ch);
        ch.closeFuture().addListener(f -> connections.remove(ch));
        if (closing) {
            ch.close();
        }
    }

    /** The bound port of the first listener. */
    public int port() {
        return port(serverChannels.keySet().iterator().next());
    }

    /** The bound port of listener {@code name}. */
    public int port(String name) {
        Channel channel = serverChannels.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("No listener " + name + "; listeners: " + serverChannels.keySet());
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Connections open now (admitted under max.connections, not yet closed). */
    public int openConnections() {
        return connectionCounter.open();
    }

    /**
     * Each open connection as it is now: why it is not read, bytes of responses waiting for the peer to take them.
     * Each is taken on the connection's own event loop, where its state lives; for tests.
     */
    List<ConnectionState> connectionStates() throws InterruptedException, ExecutionException {
        List<Future<ConnectionState>> pending = new ArrayList<>();
        for (Channel ch : connections) {
            pending.add(ch.eventLoop().submit(() -> ConnectionState.of(ch)));
        }
        List<ConnectionState> states = new ArrayList<>();
        for (Future<ConnectionState> state : pending) {
            states.add(state.get());
        }
        return states;
    }

    /** Bytes of requests read and not yet answered, as counted against queued.max.request.bytes. */
    public long queuedRequestBytes() {
        return requestMemory.used();
    }

    /** Starts serving requests with these handlers. */
    public void open(HandlerRegistry registry, ApiVersionsHandler apiVersions, FaultRules faults) {
        open(registry, apiVersions, faults, RequestRecorder.NONE);
    }

    /** Starts serving requests with these handlers, telling {@code requests} of each one answered. */
    public void open(HandlerRegistry registry, ApiVersionsHandler apiVersions, FaultRules faults,
                     RequestRecorder requests) {
        this.requests = requests;
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.faults = faults;
        for (Channel serverChannel : serverChannels.values()) {
            serverChannel.config().setAutoRead(true);
            serverChannel.read();
        }
    }

    /** Stops listening, closes every connection, and waits for the event loops to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        for (Channel serverChannel : serverChannels.values()) {
            serverChannel.close().syncUninterruptibly();
        }
        List<ChannelFuture> closes = new ArrayList<>();
        for (Channel ch : connections) {
            closes.add(ch.close());
        }
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        acceptor.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
