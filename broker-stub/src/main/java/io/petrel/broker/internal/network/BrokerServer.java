package io.petrel.broker.internal.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's listening socket: one acceptor thread and a small pool of event loops, each connection
 * getting a frame decoder, an idle timer and a {@link ConnectionHandler}.
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
    private Channel serverChannel;

    private BrokerServer(int workerThreads) {
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("petrel-network-acceptor", true),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("petrel-network", true),
                NioIoHandler.newFactory());
    }

    /**
     * Binds the port; connections are accepted but not read until {@link #open}.
     *
     * @throws IOException naming the address when it cannot be bound (in use, not local...); nothing is
     *                     left running then
     */
    public static BrokerServer bind(String host, int port, int maxRequestBytes, Duration idleTimeout)
            throws IOException, InterruptedException {
        BrokerServer server = new BrokerServer(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            server.listen(host, port, maxRequestBytes, idleTimeout);
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void listen(String host, int port, int maxRequestBytes, Duration idleTimeout)
            throws IOException, InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        track(ch);
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new RequestFrameDecoder(maxRequestBytes))
                                .addLast(new ConnectionHandler(registry, apiVersions, faults,
                                        "conn-" + connectionCount.incrementAndGet()));
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String why = cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")
                    ? "the address is already in use (another broker, or Kafka, listening there?)"
                    : String.valueOf(cause.getMessage());
            throw new IOException("Could not listen on " + host + ":" + port + ": " + why, cause);
        }
        serverChannel = bound.channel();
    }

    /** Remembers an accepted connection until it closes; one accepted while closing is closed at once. */
    private void track(Channel ch) {
        connections.add(ch);
        ch.closeFuture().addListener(f -> connections.remove(ch));
        if (closing) {
            ch.close();
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Starts serving requests with these handlers. */
    public void open(HandlerRegistry registry, ApiVersionsHandler apiVersions, FaultRules faults) {
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.faults = faults;
        serverChannel.config().setAutoRead(true);
        serverChannel.read();
    }

    /** Stops listening, closes every connection, and waits for the event loops to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        if (serverChannel != null) {
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
