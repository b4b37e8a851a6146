package io.petrel.broker.internal.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's listening socket: one acceptor thread and a small pool of event loops, each connection
 * getting a frame decoder, an idle timer and a {@link ConnectionHandler}.
 *
 * <p>It binds before the broker's state is loaded (the advertised port must be known to load it) but
 * reads nothing until {@link #open} hands it the handlers, so no request ever meets a half-started broker.
 */
public final class BrokerServer implements AutoCloseable {
    private final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
            NioIoHandler.newFactory());
    private final AtomicLong connections = new AtomicLong();
    private final Channel serverChannel;
    private volatile HandlerRegistry registry;
    private volatile ApiVersionsHandler apiVersions;
    private volatile FaultRules faults;

    private BrokerServer(String host, int port, int maxRequestBytes, Duration idleTimeout) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new RequestFrameDecoder(maxRequestBytes))
                                .addLast(new ConnectionHandler(registry, apiVersions, faults,
                                        "conn-" + connections.incrementAndGet()));
                    }
                });
        serverChannel = bootstrap.bind(host, port).sync().channel();
    }

    /** Binds the port; connections are accepted but not read until {@link #open}. */
    public static BrokerServer bind(String host, int port, int maxRequestBytes, Duration idleTimeout)
            throws InterruptedException {
        return new BrokerServer(host, port, maxRequestBytes, idleTimeout);
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

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
