package io.petrel.broker;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.BrokerScheduler;
import io.petrel.broker.internal.DataDirectory;
import io.petrel.broker.internal.StartClassPreloader;
import io.petrel.broker.internal.acl.AclStore;
import io.petrel.broker.internal.acl.Authorizer;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.group.GroupCoordinator;
import io.petrel.broker.internal.feature.ConsumerGroupProtocolGate;
import io.petrel.broker.internal.feature.FeatureUpdateRules;
import io.petrel.broker.internal.feature.FinalizedFeatures;
import io.petrel.broker.internal.feature.SupportedFeatures;
import io.petrel.broker.internal.feature.UpdateFeaturesHandler;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.AlterUserScramCredentialsHandler;
import io.petrel.broker.internal.handler.DescribeUserScramCredentialsHandler;
import io.petrel.broker.internal.handler.DataPlaneHandlers;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.metrics.BrokerMetricsRegistry;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.log.LogCleaner;
import io.petrel.broker.internal.handler.SaslAuthenticateHandler;
import io.petrel.broker.internal.handler.SaslHandshakeHandler;
import io.petrel.broker.internal.quota.ClientQuotas;
import io.petrel.broker.internal.txn.TransactionCoordinator;
import io.petrel.broker.internal.network.BrokerServer;
import io.petrel.broker.internal.network.NettyAllocatorEvents;
import io.petrel.broker.internal.security.ListenerSecurities;
import io.petrel.broker.internal.security.sasl.ScramCredentialStore;
import io.petrel.broker.internal.security.StoredTestCertificates;
import io.petrel.broker.internal.topic.RegisteredTopicIdsAndPartitions;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.broker.security.AuthorizerSettings;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running single-node Kafka-compatible broker. Start one in-process:
 *
 * <pre>{@code
 * try (Broker broker = Broker.start(BrokerConfig.builder().build())) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>A secured one, as a SASL_SSL cluster looks to a client (a throwaway CA and server certificate are generated
 * into its data directory; {@link #clientProperties(String, io.petrel.broker.security.SaslMechanism, String, String)}
 * gives a client everything it needs):
 *
 * <pre>{@code
 * try (Broker broker = Broker.start(BrokerConfig.builder().secured(SaslMechanism.SCRAM_SHA_512)
 *         .user("alice", "alice-secret").build())) {
 *     props.putAll(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, "alice", "alice-secret"));
 * }
 * }</pre>
 *
 * <p>With no data directory configured it keeps its log in a temporary directory deleted on close; with
 * one, a restarted broker finds its topics, records and committed offsets again. Kafka clients see one
 * broker, node {@code nodeId}, which leads every partition and coordinates every group.
 *
 * <p>Start-up order matters: the data directory is locked first (so a second broker on it fails before
 * binding anything), then the port is bound (its number is part of what clients are told), then the
 * topics and groups are loaded, then requests are read; no request meets a half-started broker. If any
 * step fails, what the earlier ones opened is closed again: port, threads, the directory's lock.
 *
 * <p>Start-up cost: a start in a JVM that has started one before takes about 15 ms; the first start in a
 * fresh JVM is mostly class loading (Netty's above all). The first start in a class loader has a second thread,
 * {@code petrel-broker-preload}, load (not initialise) the classes it is about to need while it starts, so that
 * a machine's second core shares that loading; the thread ends before {@code start} returns.
 * {@code -Dio.petrel.broker.preloadStartClasses=false} turns this off. Two JVM-wide costs a first start would
 * otherwise pay:
 * <ul>
 *   <li>Netty 4.2's allocators set up JFR events on the first connection (about 200 ms of CPU). Unless
 *       {@code io.netty.jfr.enabled} is set or a JFR recording runs when the broker starts, the broker sets that
 *       property to {@code false} before it first uses Netty: a JVM-wide Netty setting, which also applies to
 *       other Netty code (Petrel's clients) initialised after it. Start the JVM with
 *       {@code -Dio.netty.jfr.enabled=true} to keep Netty's allocator events for a recording started later.</li>
 *   <li>Its MBeans ({@link BrokerConfig.Builder#jmx(boolean)}, on by default as in Kafka) need the JVM's
 *       platform MBeanServer, which a JVM creates on first use (about 340 classes). If the JVM has none when the
 *       broker starts, the broker has it made on its background thread a second after {@code start} returned, or
 *       by the first {@link #metrics()} call if that comes first, and registers its MBeans then; {@link #metrics()}
 *       returns once they are registered. A JVM
 *       that used JMX before (a test holding {@code ManagementFactory.getPlatformMBeanServer()}, a JMX agent)
 *       has them registered before {@code start} returns, as always. A test that reads the broker's metrics
 *       through {@link #metrics()} rather than JMX can turn them off.</li>
 * </ul>
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final long GROUP_TICK_MS = 100;
    private static final long RETENTION_CHECK_MS = 300_000;
    /** Kafka's offsets.retention.check.interval.ms. */
    private static final long OFFSETS_RETENTION_CHECK_MS = 600_000;
    private static final long FLUSH_CHECK_MS = 100;
    /**
     * When a JVM without a platform MBeanServer has the scheduler make it: after the first clients' requests, which
     * would otherwise share the CPU with it (about 100 ms of it in a fresh JVM). {@link #metrics()} makes it at once.
     */
    private static final long MBEANS_AFTER_START_MS = 1_000;

    private final BrokerConfig config;
    private final DataDirectory dataDirectory;
    private final BrokerServer server;
    private final BrokerIdentity identity;
    private final TopicRegistry topics;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;
    private final ScheduledExecutorService scheduler;
    private final LogCleaner cleaner;
    private final FaultInjector faults;
    private final BrokerMetricsRegistry metrics;
    private final TestCertificates certificates;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Broker(BrokerConfig config) throws IOException, InterruptedException {
        // Everything opened so far, closed in reverse order if a later step fails: a broker that cannot
        // start must not keep its port, its threads or its data directory's lock.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        NettyAllocatorEvents.offUnlessRecording();
        try {
            this.dataDirectory = opened(opened, DataDirectory.open(config.dataDir(), config.clusterId()));
            this.config = config.toBuilder().dataDir(dataDirectory.path()).build();
            this.certificates = ListenerSecurities.needGeneratedCertificates(config)
                    ? StoredTestCertificates.openOrCreate(ListenerSecurities.certificateDirectory(dataDirectory.path()))
                    : null;
            ScramCredentialStore scramCredentials = ScramCredentialStore.open(dataDirectory.path(),
                    this.config.security().users());
            ListenerSecurities securities = new ListenerSecurities(this.config, () -> certificates, scramCredentials);
            List<BrokerServer.Binding> bindings = new ArrayList<>();
            for (Listener listener : config.effectiveListeners()) {
                bindings.add(new BrokerServer.Binding(securities.resolve(listener),
                        listener.host() != null ? listener.host() : config.host(), listener.port()));
            }
            this.server = opened(opened, BrokerServer.bind(bindings, config.maxRequestBytes(),
                    config.idleConnectionTimeout(), config.connectionLimits(), config.nanoTime()));
            this.identity = BrokerIdentity.of(config.nodeId(), dataDirectory.clusterId(), advertised(config, server));
            this.scheduler = BrokerScheduler.start("petrel-broker-scheduler");
            opened.push(() -> stopScheduler(scheduler));
            this.topics = opened(opened, TopicRegistry.open(dataDirectory.path(), this.config));
            this.cleaner = opened(opened, new LogCleaner(dataDirectory.path(), topics::cleanableLogs,
                    this.config.clock(), this.config.logCleaner().backoff().toMillis(),
                    this.config.logCleaner().dedupeBufferBytes()));
            this.metrics = opened(opened, BrokerMetricsRegistry.open(this.config.nanoTime(), topics, this.config.jmx()));
            this.groups = opened(opened, GroupCoordinator.open(dataDirectory.path(), this.config, identity,
                    new RegisteredTopicIdsAndPartitions(topics)));

            FaultRules faultRules = new FaultRules(id -> topics.topic(id).map(t -> t.name()).orElse(null));
            this.faults = new FaultInjector(faultRules);
            AtomicReference<HandlerRegistry> registry = new AtomicReference<>();
            SupportedFeatures supportedFeatures = SupportedFeatures.of(this.config.transactionVersion());
            FinalizedFeatures finalizedFeatures = FinalizedFeatures.open(dataDirectory.path(), supportedFeatures);
            ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry::get, supportedFeatures, finalizedFeatures);
            List<RequestHandler> handlers = new ArrayList<>();
            handlers.add(apiVersions);
            handlers.add(new SaslHandshakeHandler());
            handlers.add(new SaslAuthenticateHandler());
            AuthorizerSettings authorization = this.config.security().authorizer();
            Authorizer authorizer = authorization.enabled()
                    ? new Authorizer(authorization, AclStore.open(dataDirectory.path())) : Authorizer.allowAll();
            RequestAuthorizer access = new RequestAuthorizer(authorizer);
            DataPlaneHandlers dataPlane = DataPlaneHandlers.create(topics, identity, this.config, scheduler,
                    groups::onTopicDeleted, groups, access, metrics,
                    () -> finalizedFeatures.level(SupportedFeatures.TRANSACTION_VERSION));
            this.transactions = opened(opened, dataPlane.transactions());
            metrics.fetchSessions(dataPlane.fetchSessions());
            groups.pendingTransactionalOffsets(transactions.pendingOffsets());
            handlers.addAll(dataPlane.handlers());
            handlers.addAll(groups.handlers(access));
            ConsumerGroupProtocolGate.gate(handlers, finalizedFeatures);
            handlers.add(new UpdateFeaturesHandler(finalizedFeatures,
                    new FeatureUpdateRules(supportedFeatures, identity.nodeId()), access));
            ClientQuotas quotas = ClientQuotas.open(dataDirectory.path(), this.config.nanoTime(),
                    this.config.quotaWindow());
            quotas.enforceOn(handlers);
            handlers.addAll(quotas.handlers(access));
            handlers.add(new DescribeUserScramCredentialsHandler(scramCredentials, access));
            handlers.add(new AlterUserScramCredentialsHandler(scramCredentials, access));
            registry.set(new HandlerRegistry(handlers));

            scheduleHousekeeping();
            if (this.config.logCleaner().enabled()) {
                cleaner.start();
            }
            server.open(registry.get(), apiVersions, faultRules, metrics::requestServed);
            metrics.publishOn(task -> scheduler.schedule(task, MBEANS_AFTER_START_MS, TimeUnit.MILLISECONDS));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Each listener's advertised address: as configured, else its bound host (or the broker's advertised host) and port. */
    private static Map<String, BrokerIdentity.Endpoint> advertised(BrokerConfig config, BrokerServer server) {
        Map<String, BrokerIdentity.Endpoint> endpoints = new LinkedHashMap<>();
        for (Listener listener : config.effectiveListeners()) {
            String host = listener.advertisedHost() != null ? listener.advertisedHost()
                    : listener.host() != null && !isWildcard(listener.host()) ? listener.host()
                    : config.effectiveAdvertisedHost();
            int port = listener.advertisedPort() > 0 ? listener.advertisedPort() : server.port(listener.name());
            endpoints.put(listener.name(), new BrokerIdentity.Endpoint(host, port));
        }
        return endpoints;
    }

    private static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    private static void stopScheduler(ScheduledExecutorService scheduler) throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("The broker's scheduler did not stop within 5 s");
        }
    }

    /**
     * Starts a broker and returns once it accepts connections.
     *
     * @throws UncheckedIOException if the port cannot be bound or the data directory cannot be read
     */
    public static Broker start(BrokerConfig config) {
        long started = System.nanoTime();
        try {
            Broker broker = startWhilePreloading(config);
            log.info("Petrel broker node {} listening on {}, data in {}, started in {} ms",
                    broker.identity.nodeId(), broker.listenersDescription(), broker.dataDir(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the broker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the broker", e);
        }
    }

    /**
     * The first start in a JVM has its classes loaded by a second thread as it goes ({@link StartClassPreloader}),
     * which stops when the start ends, however it ends (and is waited for even if this thread is interrupted, so a
     * broker built is never left behind by a failed wait).
     */
    private static Broker startWhilePreloading(BrokerConfig config) throws IOException, InterruptedException {
        StartClassPreloader preloader = StartClassPreloader.startOnce(Broker.class.getClassLoader());
        try {
            return new Broker(config);
        } finally {
            preloader.close();
        }
    }

    /** Starts a broker with every default: an ephemeral port on 127.0.0.1 and a temporary data directory. */
    public static Broker start() {
        return start(BrokerConfig.builder().build());
    }

    private void scheduleHousekeeping() {
        scheduler.scheduleWithFixedDelay(() -> runQuietly("group tick", groups::tick), GROUP_TICK_MS, GROUP_TICK_MS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("transaction timeouts", transactions::tick), GROUP_TICK_MS,
                GROUP_TICK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("retention", topics::runRetention), RETENTION_CHECK_MS,
                RETENTION_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("offset expiry", groups::expireOffsets),
                OFFSETS_RETENTION_CHECK_MS, OFFSETS_RETENTION_CHECK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("flush", topics::flushIfDue), FLUSH_CHECK_MS, FLUSH_CHECK_MS,
                TimeUnit.MILLISECONDS);

    }

    private static void runQuietly(String task, ThrowingRunnable work) {
        try {
            work.run();
        } catch (Exception e) {
            // A failing housekeeping pass must not cancel the schedule; the next pass tries again.
            log.error("Broker {} pass failed", task, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private String listenersDescription() {
        StringBuilder text = new StringBuilder();
        for (Listener listener : config.effectiveListeners()) {
            text.append(text.length() == 0 ? "" : ", ").append(listener.name()).append("://")
                    .append(identity.advertised(listener.name()));
            if (!listener.name().equals(listener.protocol().name())) {
                text.append(" (").append(listener.protocol()).append(")");
            }
        }
        return text.toString();
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}: the first listener's advertised address. */
    public String bootstrapServers() {
        return identity.host() + ":" + identity.port();
    }

    /** {@code host:port} of listener {@code listenerName} (e.g. {@code SASL_SSL}), for a client's {@code bootstrap.servers}. */
    public String bootstrapServers(String listenerName) {
        return identity.advertised(listener(listenerName).name()).toString();
    }

    /** The port the broker's first listener listens on. */
    public int port() {
        return server.port();
    }

    /** The port listener {@code listenerName} listens on. */
    public int port(String listenerName) {
        return server.port(listener(listenerName).name());
    }

    /**
     * The throwaway certificates the broker made for its TLS listeners (none of which were given key material):
     * the trust store a client needs, and client key stores for mutual TLS.
     *
     * @throws IllegalStateException if the broker generated none
     */
    public TestCertificates certificates() {
        if (certificates == null) {
            throw new IllegalStateException("This broker generated no certificates: it has no TLS listener, or its "
                    + "TLS listeners were given key stores");
        }
        return certificates;
    }

    /**
     * The client settings to connect to listener {@code listenerName}: {@code bootstrap.servers},
     * {@code security.protocol}, the generated trust store (TLS listeners) and {@code sasl.mechanism} when the
     * listener offers one mechanism only. Credentials are the test's to add ({@link #clientProperties(String,
     * SaslMechanism, String, String)}).
     */
    public Map<String, String> clientProperties(String listenerName) {
        Listener listener = listener(listenerName);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers(listener.name()));
        properties.put("security.protocol", listener.protocol().name());
        if (listener.protocol().usesTls() && certificates != null) {
            properties.putAll(certificates.trustStore().kafkaProperties(StoreType.PKCS12));
        }
        if (listener.protocol().usesSasl()) {
            var mechanisms = listener.saslMechanisms() != null ? listener.saslMechanisms() : config.security().saslMechanisms();
            if (mechanisms.size() == 1) {
                properties.put("sasl.mechanism", mechanisms.iterator().next().mechanismName());
            }
        }
        return properties;
    }

    /** {@link #clientProperties(String)} plus {@code sasl.mechanism} and {@code sasl.jaas.config} for this user. */
    public Map<String, String> clientProperties(String listenerName, SaslMechanism mechanism, String user, String password) {
        Listener listener = listener(listenerName);
        if (!listener.protocol().usesSasl()) {
            throw new IllegalArgumentException("Listener " + listener.name() + " speaks " + listener.protocol()
                    + ", without SASL");
        }
        Map<String, String> properties = clientProperties(listenerName);
        properties.put("sasl.mechanism", mechanism.mechanismName());
        properties.put("sasl.jaas.config", mechanism.clientJaasConfig(user, password));
        return properties;
    }

    /** {@link #clientProperties(String)} for the first listener. */
    public Map<String, String> clientProperties() {
        return clientProperties(config.effectiveListeners().get(0).name());
    }

    private Listener listener(String name) {
        for (Listener listener : config.effectiveListeners()) {
            if (listener.name().equalsIgnoreCase(name)) {
                return listener;
            }
        }
        throw new IllegalArgumentException("No listener " + name + "; this broker has "
                + config.effectiveListeners().stream().map(Listener::name).toList());
    }

    /** Where the log lives. */
    public Path dataDir() {
        return dataDirectory.path();
    }

    /** The configuration it runs with (its data directory resolved). */
    public BrokerConfig config() {
        return config;
    }

    /** The cluster id clients see. */
    public String clusterId() {
        return identity.clusterId();
    }

    /**
     * Reads this broker's metrics now: Kafka's {@code BytesInPerSec}, {@code MessagesInPerSec}, {@code BytesOutPerSec}
     * (all topics and per topic), {@code RequestsPerSec} and {@code TotalTimeMs} per API, {@code PartitionCount} and
     * each partition's log {@code Size}. While the broker runs the same figures are on the platform MBeanServer under
     * Kafka's MBean names (see {@link BrokerMetrics#jmxNameSuffix()} when several brokers share a JVM); once this
     * returns, every MBean of the figures it read is registered.
     *
     * @return an immutable snapshot; call again for newer figures
     */
    public BrokerMetrics metrics() {
        metrics.awaitPublished();
        return metrics.snapshot();
    }

    /** Faults to inject into the requests this broker serves. */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * Stops serving, flushes and closes the log; a temporary data directory is deleted. Calling it again
     * does nothing.
     *
     * @throws UncheckedIOException if the log could not be flushed or closed; everything else is still
     *                              released, the data directory's lock included
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        IOException failure = null;
        try {
            stopScheduler(scheduler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleaner.close();
        metrics.close();
        for (AutoCloseable part : List.<AutoCloseable>of(transactions, groups, topics, dataDirectory)) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("Broker did not close cleanly: " + failure.getMessage(), failure);
        }
        log.info("Petrel broker node {} stopped", identity.nodeId());
    }
}
