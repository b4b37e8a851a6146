package io.petrel.client.internal.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.petrel.client.ConfigException;
import io.petrel.client.DisconnectedException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.RequestBody;
import io.petrel.client.internal.config.HostPort;
import io.petrel.client.internal.metadata.RefreshingClusterMetadata;
import io.petrel.protocol.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Petrel's {@link ClientNetwork} on Netty: one event loop group (1-2 daemon threads) per client, one
 * {@link BrokerConnection} per node, and the client's {@link RefreshingClusterMetadata}.
 *
 * <p>Nodes are the brokers of the metadata (ids 0 and up) and the bootstrap servers (ids -1, -2, ... in
 * bootstrap.servers order), which {@link #sendToAny} uses until metadata is known and as a last resort
 * after. A timer on the event loop checks every connection's deadlines and the metadata's refresh every
 * {@value #TICK_MS} ms against the injected {@link Time}, so tests can drive time by hand.
 *
 * <p>All futures complete on an I/O thread, never under a lock held by this class; callbacks chained on
 * them must not block.
 */
public final class NettyClientNetwork implements ClientNetwork {
    private static final Logger log = LoggerFactory.getLogger(NettyClientNetwork.class);
    /** How often timers are checked. */
    static final long TICK_MS = 10;

    private final ClientNetworkConfig config;
    private final Time time;
    private final EventLoopGroup group;
    /** The loop {@link #ioThread()} lends, which also runs the timer. */
    private final EventLoop lent;
    private final List<HostPort> bootstrapServers;
    private final ConcurrentHashMap<Integer, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final RefreshingClusterMetadata metadata;
    private final ScheduledFuture<?> ticker;
    private final AtomicReference<FinalizedFeatures> features = new AtomicReference<>(FinalizedFeatures.NONE);
    private final ConnectionSecurity security;
    private volatile boolean closed;
    private final io.petrel.client.internal.NetworkObserver observer;

    private NettyClientNetwork(ClientNetworkConfig config, Time time, List<HostPort> bootstrapServers,
                               ConnectionSecurity security, io.petrel.client.internal.NetworkObserver observer,
                               String ioThreadName) {
        this.config = config;
        this.observer = observer;
        this.time = time;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), threadFactory(ioThreadName, config.ioThreads()),
                IoTransport.ioHandlerFactory());
        this.lent = group.next();
        this.metadata = new RefreshingClusterMetadata(config, time, (body, timeout) -> sendToAny(ApiKey.METADATA, body, timeout));
        this.ticker = lent.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a network; nothing connects until the first request.
     *
     * @throws ConfigException if client.dns.lookup=resolve_canonical_bootstrap_servers_only and no bootstrap
     *                         server resolves, or the TLS or SASL settings cannot be used (a key store that does
     *                         not load, a mechanism Petrel does not speak)
     */
    public static NettyClientNetwork create(ClientNetworkConfig config, Time time) {
        return create(config, time, io.petrel.client.internal.NetworkObserver.NONE);
    }

    /** As {@link #create(ClientNetworkConfig, Time)}, telling {@code observer} of connections, requests, responses. */
    public static NettyClientNetwork create(ClientNetworkConfig config, Time time,
                                            io.petrel.client.internal.NetworkObserver observer) {
        return create(config, time, observer, null);
    }

    /** As {@link #create(ClientNetworkConfig, Time, io.petrel.client.internal.NetworkObserver)}, the I/O thread named. */
    public static NettyClientNetwork create(ClientNetworkConfig config, Time time,
                                            io.petrel.client.internal.NetworkObserver observer, String ioThreadName) {
        List<HostPort> bootstrap = bootstrapList(config);
        return new NettyClientNetwork(config, time, bootstrap, ConnectionSecurity.create(config.security(), time),
                observer, ioThreadName);
    }

    /**
     * Netty's daemon threads, "petrel-client-io-N-M" unless named: a named single thread takes the name as is (a
     * thread dump then says whose it is), more than one get "-1", "-2", ... after it.
     */
    private static DefaultThreadFactory threadFactory(String name, int threads) {
        if (name == null) {
            return new DefaultThreadFactory("petrel-client-io", true);
        }
        return new DefaultThreadFactory(name, true) {
            private final AtomicInteger started = new AtomicInteger();

            @Override
            protected Thread newThread(Runnable r, String ignored) {
                int n = started.incrementAndGet();
                return super.newThread(r, threads == 1 ? name : name + "-" + n);
            }
        };
    }

    private static List<HostPort> bootstrapList(ClientNetworkConfig config) {
        if (config.dnsLookup() != ClientNetworkConfig.DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY) {
            return config.bootstrapServers();
        }
        Set<HostPort> canonical = new LinkedHashSet<>();
        for (HostPort server : config.bootstrapServers()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(server.host())) {
                    canonical.add(new HostPort(address.getCanonicalHostName(), server.port()));
                }
            } catch (UnknownHostException e) {
                log.warn("Could not resolve bootstrap server {}: {}", server, e.getMessage());
            }
        }
        if (canonical.isEmpty()) {
            throw new ConfigException("No resolvable bootstrap urls given in bootstrap.servers: " + config.bootstrapServers());
        }
        return List.copyOf(canonical);
    }

    @Override
    public CompletableFuture<Response> send(int nodeId, ApiKey api, RequestBody body, Duration timeout) {
        return connection(nodeId).map(c -> c.send(api, body, timeout))
                .orElseGet(() -> CompletableFuture.failedFuture(unreachable(nodeId)));
    }

    @Override
    public CompletableFuture<Void> sendOneWay(int nodeId, ApiKey api, RequestBody body) {
        return connection(nodeId).map(c -> c.sendOneWay(api, body, config.requestTimeout()))
                .orElseGet(() -> CompletableFuture.failedFuture(unreachable(nodeId)));
    }

    /**
     * Sends to the best node: a ready connection with the fewest requests outstanding, else one that may
     * connect now, else the one whose reconnect backoff ends soonest. If the connection cannot be opened
     * the request, never sent, moves on to the next node (each bootstrap server in turn) until every node
     * was tried or {@code timeout} passed.
     */
    @Override
    public CompletableFuture<Response> sendToAny(ApiKey api, RequestBody body, Duration timeout) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        attemptAny(api, body, time.nanoseconds() + timeout.toNanos(), timeout, new HashSet<>(), result, null);
        return result;
    }

    private void attemptAny(ApiKey api, RequestBody body, long deadline, Duration timeout, Set<Integer> tried,
                            CompletableFuture<Response> result, Throwable lastError) {
        long remaining = deadline - time.nanoseconds();
        Optional<Integer> node = remaining > 0 && !closed ? pickNode(tried) : Optional.empty();
        if (node.isEmpty()) {
            result.completeExceptionally(lastError != null ? lastError : noNodeError(api, timeout, remaining));
            return;
        }
        tried.add(node.get());
        send(node.get(), api, body, Duration.ofNanos(remaining)).whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
            } else if (error instanceof ConnectFailedException) {
                attemptAny(api, body, deadline, timeout, tried, result, error);
            } else {
                result.completeExceptionally(error);
            }
        });
    }

    private Throwable noNodeError(ApiKey api, Duration timeout, long remaining) {
        if (closed) {
            return new DisconnectedException("The client is closed");
        }
        if (remaining <= 0) {
            return new TimeoutException(api.apiName() + " found no broker to send to within " + timeout.toMillis()
                    + " ms (request.timeout.ms)");
        }
        return new DisconnectedException("No broker to send " + api.apiName() + " to");
    }

    private Optional<Integer> pickNode(Set<Integer> tried) {
        long now = time.nanoseconds();
        Integer best = null;
        long bestScore = Long.MAX_VALUE;
        for (int id : candidates()) {
            if (tried.contains(id)) {
                continue;
            }
            long score = score(connections.get(id), now);
            if (score < bestScore) {
                best = id;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Lower is better: ready (by load), then connecting, then may connect now, then by remaining backoff. */
    private static long score(BrokerConnection c, long now) {
        if (c == null) {
            return 2L << 32;
        }
        return switch (c.state()) {
            case READY -> c.outstanding();
            case CONNECTING, HANDSHAKING, AUTHENTICATING -> 1L << 32;
            case DISCONNECTED -> (2L << 32) + c.nanosUntilConnectAllowed(now);
            case CLOSED -> Long.MAX_VALUE - 1;
        };
    }

    private List<Integer> candidates() {
        List<Integer> ids = new ArrayList<>();
        metadata.nodes().forEach(n -> ids.add(n.id()));
        ids.sort(null);
        for (int i = 0; i < bootstrapServers.size(); i++) {
            ids.add(-(i + 1));
        }
        return ids;
    }

    private Optional<BrokerConnection> connection(int nodeId) {
        BrokerConnection existing = connections.get(nodeId);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (closed || address(nodeId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(connections.computeIfAbsent(nodeId, id -> new BrokerConnection(id, () -> address(id),
                group.next(), config, security, time, observer, new BrokerConnection.Listener() {
                    @Override
                    public void onDisconnected(int nodeId) {
                        NettyClientNetwork.this.onDisconnected(nodeId);
                    }

                    @Override
                    public void onReady(int nodeId, NegotiatedVersions versions) {
                        features.accumulateAndGet(versions.features(), FinalizedFeatures::newer);
                    }
                })));
    }

    private Optional<HostPort> address(int nodeId) {
        if (nodeId < 0) {
            int index = -nodeId - 1;
            return index < bootstrapServers.size() ? Optional.of(bootstrapServers.get(index)) : Optional.empty();
        }
        int brokerId = nodeId > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - nodeId : nodeId;
        return metadata.node(brokerId).map(n -> new HostPort(n.host(), n.port()));
    }

    private DisconnectedException unreachable(int nodeId) {
        if (closed) {
            return new DisconnectedException("The client is closed");
        }
        return new DisconnectedException("Node " + nodeId + " is not in the cluster metadata, so it has no address");
    }

    private void onDisconnected(int nodeId) {
        if (nodeId >= 0 && !closed) {
            metadata.requestUpdate();
        }
    }

    /** Checks every timer; run by the ticker on the I/O thread (package-private so a test can run it at a set point). */
    void tick() {
        try {
            metadata.poll();
            connections.values().forEach(BrokerConnection::tick);
        } catch (RuntimeException e) {
            // A failing tick must not cancel the timer: the next one tries again.
            log.error("Network timer failed", e);
        }
    }

    @Override
    public int inFlight(int nodeId) {
        BrokerConnection c = connections.get(nodeId);
        return c == null ? 0 : c.outstanding();
    }

    @Override
    public ScheduledExecutorService ioThread() {
        return lent;
    }

    @Override
    public RefreshingClusterMetadata metadata() {
        return metadata;
    }

    /** The finalized features of the highest epoch any broker reported, as kafka-clients keeps them. */
    @Override
    public FinalizedFeatures finalizedFeatures() {
        return features.get();
    }

    /** The versions negotiated with a node, once its connection has been ready. */
    public Optional<NegotiatedVersions> apiVersions(int nodeId) {
        return connectionStatus(nodeId).flatMap(ConnectionStatus::versions);
    }

    /** The state of the connection to a node, if one was ever made. */
    public Optional<ConnectionStatus> connectionStatus(int nodeId) {
        return Optional.ofNullable(connections.get(nodeId)).map(BrokerConnection::status);
    }

    /** The bootstrap servers as node -1, -2, ... will connect to them. */
    public List<HostPort> bootstrapServers() {
        return bootstrapServers;
    }

    private boolean calledFromIoThread() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes every connection (outstanding futures fail with DisconnectedException) and stops the I/O
     * threads, waiting up to 10 s for them unless called from one of them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        metadata.close();
        List<Future<?>> closes = new ArrayList<>();
        connections.values().forEach(c -> closes.add(c.close()));
        boolean mayWait = !calledFromIoThread();
        if (mayWait) {
            closes.forEach(f -> f.awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
        security.close();
        Future<?> termination = group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        if (mayWait && !termination.awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            log.warn("The network's I/O threads did not stop within 10 s");
        }
    }
}
