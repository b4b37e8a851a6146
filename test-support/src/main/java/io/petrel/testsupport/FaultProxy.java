package io.petrel.testsupport;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A TCP proxy in front of one Kafka broker that breaks the network on demand, as toxiproxy does: clients connect to
 * {@link #port()} (the broker advertises it, see {@link RealKafkaCluster.Builder#clientListener}) and each accepted
 * connection ({@link ProxyLink}) is forwarded to the broker over a connection of its own.
 *
 * <p>Faults, for every connection of this proxy (those open and those to come) or for one {@link ProxyLink}:
 * <ul>
 *   <li>{@link #delay}: every frame waits this long each way (order kept);</li>
 *   <li>{@link #blackhole}: connections are accepted but nothing goes through either way, as a broker whose host
 *       stopped answering; if the broker's side closes meanwhile the client is not told (until {@link #heal});</li>
 *   <li>{@link #bandwidth}: bytes per second each way; the proxy stops reading from the sender while more than
 *       {@link #HIGH_WATER_BYTES} wait, so TCP pushes back and the proxy's memory stays bounded;</li>
 *   <li>{@link #resetAll}: TCP reset (RST) of every open connection;</li>
 *   <li>{@link #resetOnResponse}: the broker gets the next requests of one API key and answers them, but the
 *       connection is reset in place of the answer: the client cannot know whether its request took effect.</li>
 * </ul>
 * {@link #heal} removes every fault. The proxy reads Kafka's framing (a 4-byte size before each request and
 * response) so that it can delay and drop whole frames and tell requests apart; it forwards bytes unchanged, so it
 * serves PLAINTEXT listeners only.
 *
 * <p>All connections of a proxy run on one event-loop thread: its handlers need no locks; the controls here are
 * volatile settings read on that thread.
 */
public final class FaultProxy implements AutoCloseable {
    /** Bytes waiting in one direction of one connection above which the proxy stops reading from the sender. */
    public static final int HIGH_WATER_BYTES = 1 << 20;
    /** The largest frame forwarded; Kafka's own default for a request is 100 MB. */
    static final int MAX_FRAME_BYTES = 100 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    private final String name;
    private final EventLoopGroup group;
    private final Channel server;
    private final List<ProxyLink> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLinkId = new AtomicInteger();
    private final AtomicInteger resetsToInject = new AtomicInteger();
    /** Requests seen from clients, by API key (Kafka's keys are below 128). */
    private final AtomicLongArray requestsByApiKey = new AtomicLongArray(128);
    private final AtomicInteger resetsInjected = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final ApiTraffic traffic = new ApiTraffic();
    private volatile InetSocketAddress upstream;
    private volatile int resetApiKey = -1;
    private volatile long delayNanos;
    private volatile boolean blackholed;
    private volatile long bytesPerSecond;

    private FaultProxy(String name, EventLoopGroup group, Channel server, InetSocketAddress upstream) {
        this.name = name;
        this.group = group;
        this.server = server;
        this.upstream = upstream;
    }

    /** A proxy on a free loopback port that refuses connections until {@link #forwardTo} names the broker. */
    public static FaultProxy start(String name) {
        return start(name, null);
    }

    /** A proxy on a free loopback port forwarding to {@code upstream}. */
    public static FaultProxy start(String name, InetSocketAddress upstream) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fault-proxy-" + name, true),
                NioIoHandler.newFactory());
        FaultProxy[] self = new FaultProxy[1];
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        self[0].accept(client);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly();
        self[0] = new FaultProxy(name, group, bound.channel(), upstream);
        return self[0];
    }

    /** Where connections accepted from now on are forwarded. */
    public void forwardTo(InetSocketAddress broker) {
        this.upstream = broker;
    }

    /** Requests and responses forwarded so far, per API (a byte count of what crossed the wire). */
    public ApiTraffic traffic() {
        return traffic;
    }

    /** The port clients connect to. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Delays every frame by {@code delay} each way, on every connection (zero: none). */
    public void delay(Duration delay) {
        this.delayNanos = delay.toNanos();
        links.forEach(l -> l.delay(delay));
    }

    /** Lets nothing through either way on any connection, new ones included, until {@link #heal}. */
    public void blackhole() {
        this.blackholed = true;
        links.forEach(ProxyLink::blackhole);
    }

    /** Limits each direction of every connection to {@code bytesPerSecond} (0: no limit). */
    public void bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must be 0 (no limit) or more, was " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        links.forEach(l -> l.bandwidth(bytesPerSecond));
    }

    /** Removes every fault, on every connection; frames held back by a delay still go out in order. */
    public void heal() {
        delayNanos = 0;
        blackholed = false;
        bytesPerSecond = 0;
        resetsToInject.set(0);
        links.forEach(ProxyLink::heal);
    }

    /** TCP reset of every open connection. */
    public void resetAll() {
        links.forEach(ProxyLink::reset);
    }

    /**
     * The next {@code count} requests with API key {@code apiKey} (0 = Produce), on any connection, reach the broker,
     * but their connection is reset when the answer comes back, and the answer is dropped.
     */
    public void resetOnResponse(int apiKey, int count) {
        this.resetApiKey = apiKey;
        this.resetsToInject.set(count);
    }

    /** How many connections {@link #resetOnResponse} has reset so far. */
    public int resetsInjected() {
        return resetsInjected.get();
    }

    /** How many requests with API key {@code apiKey} (3 = Metadata) clients sent through this proxy so far. */
    public long requests(int apiKey) {
        return apiKey >= 0 && apiKey < requestsByApiKey.length() ? requestsByApiKey.get(apiKey) : 0;
    }

    /** Counts a request read from a client, by its API key. */
    void countRequest(int apiKey) {
        if (apiKey >= 0 && apiKey < requestsByApiKey.length()) {
            requestsByApiKey.incrementAndGet(apiKey);
        }
    }

    /** The connections open now. */
    public List<ProxyLink> links() {
        return List.copyOf(links);
    }

    /** How many connections the proxy has accepted. */
    public long accepted() {
        return accepted.get();
    }

    /** The most bytes that ever waited in the proxy in one direction of one connection, over all connections. */
    public long peakQueuedBytes() {
        return links.stream().mapToLong(ProxyLink::peakQueuedBytes).max().orElse(0);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        links.forEach(ProxyLink::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " " + address() + " -> " + upstream + ", " + links.size() + " open]";
    }

    /** Whether this request, just read from a client, is one whose answer must be replaced by a reset. */
    boolean takeResetFor(int apiKey) {
        if (apiKey != resetApiKey) {
            return false;
        }
        while (true) {
            int left = resetsToInject.get();
            if (left <= 0) {
                return false;
            }
            if (resetsToInject.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    void resetInjected() {
        resetsInjected.incrementAndGet();
    }

    void forget(ProxyLink link) {
        links.remove(link);
    }

    private void accept(SocketChannel client) {
        accepted.incrementAndGet();
        InetSocketAddress target = upstream;
        if (target == null) {
            LOG.warn("{}: no broker to forward to yet; closing {}", this, client.remoteAddress());
            client.close();
            return;
        }
        ProxyLink link = new ProxyLink(nextLinkId.incrementAndGet(), this, client);
        link.delay(Duration.ofNanos(delayNanos));
        link.bandwidth(bytesPerSecond);
        if (blackholed) {
            link.blackhole();
        }
        links.add(link);
        client.pipeline().addLast(frames(), link.fromClient());
        if (blackholed) {
            link.silent();
            return;
        }
        new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel broker) {
                        broker.pipeline().addLast(frames(), link.fromBroker());
                    }
                })
                .connect(target)
                .addListener((ChannelFuture connected) -> {
                    if (connected.isSuccess()) {
                        link.connected(connected.channel());
                    } else {
                        LOG.info("{}: cannot reach the broker ({}); closing the client's connection", this,
                                connected.cause().toString());
                        link.close();
                    }
                });
    }

    /** Kafka's framing: a 4-byte big-endian size, kept in the frame so that it is forwarded as it came. */
    private static LengthFieldBasedFrameDecoder frames() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 0);
    }
}
