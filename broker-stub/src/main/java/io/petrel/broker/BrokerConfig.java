package io.petrel.broker;

import io.petrel.broker.security.AuthorizerSettings;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.OAuthBearerValidator;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;
import io.petrel.broker.security.SecurityConfig;
import io.petrel.broker.security.SecurityProtocol;
import io.petrel.broker.security.SslSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Everything a broker is started with. Build one with {@link #builder()}; every setting has the default
 * a single Apache Kafka 4.x broker has, except where an embedded test broker wants otherwise (said
 * below).
 *
 * @param host                      address to bind; 127.0.0.1 by default, so nothing off the machine can connect
 * @param port                      port to bind; 0 picks a free one
 * @param advertisedHost            host clients are told to connect to; null means {@code host}
 * @param advertisedPort            port clients are told; 0 means the bound port
 * @param nodeId                    this broker's node id in Metadata
 * @param clusterId                 the cluster id; null means the one stored in the data directory, or a new one
 * @param dataDir                   where the log lives; null means a temporary directory deleted on close
 * @param maxRequestBytes           {@code socket.request.max.bytes}: larger frames are refused on their size prefix
 * @param idleConnectionTimeout     {@code connections.max.idle.ms}
 * @param autoCreateTopics          {@code auto.create.topics.enable}
 * @param numPartitions             {@code num.partitions} for auto-created topics and CreateTopics without a count
 * @param logDefaults               defaults of every topic's log settings
 * @param groupInitialRebalanceDelay {@code group.initial.rebalance.delay.ms}; 0 here (Kafka's is 3 s) so tests need not wait
 * @param groupMinSessionTimeout    {@code group.min.session.timeout.ms}
 * @param groupMaxSessionTimeout    {@code group.max.session.timeout.ms}
 * @param groupMaxSize              {@code group.max.size}: the most members a classic group may have (no limit by
 *                                  default, as Kafka). broker-stub applies it only where Kafka 4.3 checks it against
 *                                  a consumer group: one with more members is not converted back to a classic group
 *                                  (online downgrade). JoinGroup to a classic group is not limited by it here
 * @param clock                     the broker's wall-clock time: log append times, timestamp bounds, retention by
 *                                  record timestamps, commit timestamps; tests inject their own
 * @param nanoTime                  a monotonic nanosecond source (only differences count), on which every deadline
 *                                  and interval is measured: session and rebalance timeouts, the initial rebalance
 *                                  delay, flush intervals; {@code System::nanoTime} by default, tests inject their own
 * @param listeners                 Kafka's {@code listeners}: each its own port and security protocol; empty means one
 *                                  PLAINTEXT listener on {@code host}:{@code port}, advertised as {@code advertisedHost}
 * @param security                  TLS, SASL and ACL settings for the listeners that use them
 * @param transactionMaxTimeout     {@code transaction.max.timeout.ms}: the longest transaction.timeout.ms a producer
 *                                  may ask for (15 minutes, as Kafka)
 * @param transactionVersion        the {@code transaction.version} feature a fresh data directory finalizes, as
 *                                  {@code kafka-storage format --feature transaction.version=N}: 2 (Kafka 4.x's
 *                                  default, KIP-890) or 1, to serve clients the older protocol. Once finalized it is
 *                                  the same setting UpdateFeatures changes ({@code kafka-features upgrade|downgrade}),
 *                                  and the level stored in the data directory wins over this one at a restart
 * @param logCleaner                {@code log.cleaner.*}: the compaction of compacted topics
 * @param offsetsRetention          {@code offsets.retention.minutes}: how long an Empty group's committed offsets
 *                                  are kept (7 days, as Kafka)
 * @param consumerGroups            {@code group.consumer.*}: consumer-protocol groups' heartbeat interval, session
 *                                  timeout, size limit, assignors and migration policy (Kafka 4.x's defaults)
 * @param connectionLimits          {@code max.connections}, {@code max.connections.per.ip},
 *                                  {@code queued.max.request.bytes} and a bound on a connection's unsent responses
 * @param quotaWindow               {@code quota.window.num} and {@code quota.window.size.seconds}: how client quotas
 *                                  measure rates (Kafka's 11 samples of 1 s by default)
 * @param fetchSessionCacheSlots    {@code max.incremental.fetch.session.cache.slots}: how many incremental fetch
 *                                  sessions (KIP-227) the broker keeps at once (1000, as Kafka; 0 keeps none, so every
 *                                  fetch is full)
 * @param jmx                       whether the broker publishes its metrics as MBeans on the platform MBeanServer
 *                                  under Kafka's names (see {@link Broker}); on by default, as a Kafka broker always
 *                                  does. Off, {@link Broker#metrics()} still reads every metric, and the broker does
 *                                  not create the platform MBeanServer (about 500 classes on a first start in a fresh
 *                                  JVM): for tests that never read the broker's metrics over JMX
 */
public record BrokerConfig(String host, int port, String advertisedHost, int advertisedPort, int nodeId, String clusterId,
                           Path dataDir, int maxRequestBytes, Duration idleConnectionTimeout, boolean autoCreateTopics,
                           int numPartitions, LogConfig logDefaults, Duration groupInitialRebalanceDelay,
                           Duration groupMinSessionTimeout, Duration groupMaxSessionTimeout, int groupMaxSize,
                           Clock clock,
                           LongSupplier nanoTime, List<Listener> listeners, SecurityConfig security,
                           Duration transactionMaxTimeout, short transactionVersion,
                           LogCleanerConfig logCleaner, Duration offsetsRetention,
                           ConsumerGroupSettings consumerGroups,
                           ConnectionLimits connectionLimits, QuotaWindow quotaWindow,
                           int fetchSessionCacheSlots, boolean jmx) {

    public BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logDefaults, "logDefaults");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(logCleaner, "logCleaner");
        Objects.requireNonNull(offsetsRetention, "offsetsRetention");
        Objects.requireNonNull(consumerGroups, "consumerGroups");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        Objects.requireNonNull(quotaWindow, "quotaWindow");
        if (groupMaxSize < 1) {
            throw new IllegalArgumentException("group.max.size " + groupMaxSize
                    + " must be at least 1");
        }
        if (fetchSessionCacheSlots < 0) {
            throw new IllegalArgumentException("max.incremental.fetch.session.cache.slots " + fetchSessionCacheSlots
                    + " must be at least 0");
        }
        if (offsetsRetention.toMinutes() < 1) {
            throw new IllegalArgumentException("offsets.retention.minutes " + offsetsRetention.toMinutes()
                    + " must be at least 1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is not in 0..65535");
        }
        if (numPartitions < 1) {
            throw new IllegalArgumentException("num.partitions " + numPartitions + " must be at least 1");
        }
        Objects.requireNonNull(transactionMaxTimeout, "transactionMaxTimeout");
        if (transactionMaxTimeout.toMillis() < 1 || transactionMaxTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("transaction.max.timeout.ms " + transactionMaxTimeout.toMillis()
                    + " must be between 1 and " + Integer.MAX_VALUE);
        }
        if (transactionVersion != 1 && transactionVersion != 2) {
            throw new IllegalArgumentException("transaction.version " + transactionVersion + " must be 1 or 2");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("socket.request.max.bytes " + maxRequestBytes + " must be at least 1024");
        }
        Objects.requireNonNull(security, "security");
        listeners = List.copyOf(listeners);
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Listener listener : listeners) {
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException("Listener name " + listener.name() + " is given twice in listeners");
            }
            if (listener.port() != 0 && !ports.add(listener.port())) {
                throw new IllegalArgumentException("Port " + listener.port() + " is given to two listeners");
            }
        }
    }

    /** The listeners the broker opens: {@link #listeners()}, or the single PLAINTEXT one host and port describe. */
    public List<Listener> effectiveListeners() {
        if (!listeners.isEmpty()) {
            return listeners;
        }
        return List.of(Listener.of(SecurityProtocol.PLAINTEXT.name(), SecurityProtocol.PLAINTEXT, port)
                .withHost(host).withAdvertised(advertisedHost, advertisedPort));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The host clients are told to connect to. */
    public String effectiveAdvertisedHost() {
        return advertisedHost != null ? advertisedHost : host;
    }

    /** Builds a {@link BrokerConfig}; each setter names the Kafka setting it mirrors where there is one. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String advertisedHost;
        private int advertisedPort;
        private int nodeId = 1;
        private String clusterId;
        private Path dataDir;
        private int maxRequestBytes = 100 * 1024 * 1024;
        private Duration idleConnectionTimeout = Duration.ofMinutes(10);
        private boolean autoCreateTopics = true;
        private int numPartitions = 1;
        private LogConfig logDefaults = LogConfig.defaults();
        private Duration groupInitialRebalanceDelay = Duration.ZERO;
        private Duration groupMinSessionTimeout = Duration.ofSeconds(6);
        private Duration groupMaxSessionTimeout = Duration.ofMinutes(30);
        private int groupMaxSize = Integer.MAX_VALUE;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private LogCleanerConfig logCleaner = LogCleanerConfig.defaults();
        private Duration offsetsRetention = Duration.ofDays(7);
        private ConsumerGroupSettings consumerGroups = ConsumerGroupSettings.defaults();
        private List<Listener> listeners = new ArrayList<>();
        private SecurityConfig security = SecurityConfig.none();
        private Duration transactionMaxTimeout = Duration.ofMinutes(15);
        private short transactionVersion = 2;
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        private QuotaWindow quotaWindow = QuotaWindow.KAFKA_DEFAULT;
        private int fetchSessionCacheSlots = 1000;
        private boolean jmx = true;

        private Builder() {
        }

        private Builder(BrokerConfig c) {
            host = c.host;
            port = c.port;
            advertisedHost = c.advertisedHost;
            advertisedPort = c.advertisedPort;
            nodeId = c.nodeId;
            clusterId = c.clusterId;
            dataDir = c.dataDir;
            maxRequestBytes = c.maxRequestBytes;
            idleConnectionTimeout = c.idleConnectionTimeout;
            autoCreateTopics = c.autoCreateTopics;
            numPartitions = c.numPartitions;
            logDefaults = c.logDefaults;
            groupInitialRebalanceDelay = c.groupInitialRebalanceDelay;
            groupMinSessionTimeout = c.groupMinSessionTimeout;
            groupMaxSessionTimeout = c.groupMaxSessionTimeout;
            groupMaxSize = c.groupMaxSize;
            clock = c.clock;
            nanoTime = c.nanoTime;
            logCleaner = c.logCleaner;
            offsetsRetention = c.offsetsRetention;
            consumerGroups = c.consumerGroups;
            listeners = new ArrayList<>(c.listeners);
            security = c.security;
            transactionMaxTimeout = c.transactionMaxTimeout;
            transactionVersion = c.transactionVersion;
            connectionLimits = c.connectionLimits;
            quotaWindow = c.quotaWindow;
            fetchSessionCacheSlots = c.fetchSessionCacheSlots;
            jmx = c.jmx;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        public Builder advertisedPort(int advertisedPort) {
            this.advertisedPort = advertisedPort;
            return this;
        }

        public Builder nodeId(int nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder clusterId(String clusterId) {
            this.clusterId = clusterId;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder maxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        public Builder idleConnectionTimeout(Duration idleConnectionTimeout) {
            this.idleConnectionTimeout = idleConnectionTimeout;
            return this;
        }

        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        public Builder numPartitions(int numPartitions) {
            this.numPartitions = numPartitions;
            return this;
        }

        public Builder logDefaults(LogConfig logDefaults) {
            this.logDefaults = logDefaults;
            return this;
        }

        public Builder flushPolicy(FlushPolicy flushPolicy) {
            LogConfig l = logDefaults;
            this.logDefaults = new LogConfig(l.segmentBytes(), l.segmentMs(), l.retentionMs(), l.retentionBytes(),
                    l.maxMessageBytes(), l.timestampType(), l.indexIntervalBytes(), flushPolicy);
            return this;
        }

        public Builder groupInitialRebalanceDelay(Duration delay) {
            this.groupInitialRebalanceDelay = delay;
            return this;
        }

        public Builder groupMinSessionTimeout(Duration timeout) {
            this.groupMinSessionTimeout = timeout;
            return this;
        }

        public Builder groupMaxSessionTimeout(Duration timeout) {
            this.groupMaxSessionTimeout = timeout;
            return this;
        }

        /** {@code group.max.size}; see {@link BrokerConfig#groupMaxSize()}. */
        public Builder groupMaxSize(int size) {
            this.groupMaxSize = size;
            return this;
        }

        /** The wall clock: record and commit timestamps, retention by timestamp. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The monotonic nanosecond source deadlines and intervals are measured on. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        /** {@code log.cleaner.*}: whether and how often compacted topics are compacted. */
        public Builder logCleaner(LogCleanerConfig logCleaner) {
            this.logCleaner = logCleaner;
            return this;
        }

        /** {@code group.consumer.*}: the settings of consumer-protocol groups. */
        public Builder consumerGroups(ConsumerGroupSettings settings) {
            this.consumerGroups = settings;
            return this;
        }

        /** {@code offsets.retention.minutes}: how long an Empty group's committed offsets are kept. */
        public Builder offsetsRetention(Duration offsetsRetention) {
            this.offsetsRetention = offsetsRetention;
            return this;
        }

        /**
         * Adds a listener ({@code listeners=NAME://host:port}). The first listener is the one
         * {@link Broker#bootstrapServers()} names. With none added the broker has one PLAINTEXT listener on
         * {@link #host}:{@link #port}.
         */
        public Builder listener(Listener listener) {
            listeners.removeIf(l -> l.name().equals(listener.name()));
            listeners.add(listener);
            return this;
        }

        /** Replaces every listener with these. */
        public Builder listeners(List<Listener> all) {
            listeners = new ArrayList<>(all);
            return this;
        }

        /** All security settings at once; the methods below change one part each. */
        public Builder security(SecurityConfig security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** The broker's TLS settings ({@code ssl.*}); without them TLS listeners use generated test certificates. */
        public Builder ssl(SslSettings ssl) {
            security = security.withSsl(ssl);
            return this;
        }

        /** {@code sasl.enabled.mechanisms}. */
        public Builder saslMechanisms(SaslMechanism... mechanisms) {
            security = security.withSaslMechanisms(EnumSet.copyOf(List.of(mechanisms)));
            return this;
        }

        /**
         * A user who can authenticate with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. Only salted SCRAM credentials
         * are kept (4096 iterations), never the password.
         */
        public Builder user(String name, String password) {
            security = security.withUser(SaslUser.withPassword(name, password));
            return this;
        }

        /** How OAUTHBEARER tokens are checked; Kafka's unsecured-JWS rules by default. */
        public Builder oauthBearerValidator(OAuthBearerValidator validator) {
            security = security.withOAuthBearerValidator(validator);
            return this;
        }

        /** {@code connections.max.reauth.ms}: SASL clients must re-authenticate within this; zero (default) never. */
        public Builder reauthentication(Duration lifetime) {
            security = security.withReauthentication(lifetime);
            return this;
        }

        /**
         * Turns Kafka's StandardAuthorizer rules on ({@code authorizer.class.name}) with these super users
         * ({@code User:admin}): from then on a request needs an ACL allowing it.
         */
        public Builder authorizer(String... superUsers) {
            AuthorizerSettings current = security.authorizer();
            security = security.withAuthorizer(new AuthorizerSettings(true, Set.of(superUsers),
                    current.allowEveryoneIfNoAclFound()));
            return this;
        }

        /** {@code allow.everyone.if.no.acl.found}; false by default. */
        public Builder allowEveryoneIfNoAclFound(boolean allow) {
            AuthorizerSettings current = security.authorizer();
            security = security.withAuthorizer(new AuthorizerSettings(current.enabled(), current.superUsers(), allow));
            return this;
        }

        /**
         * A broker as a secured cluster looks to a client: one SASL_SSL listener speaking {@code mechanism}, with a
         * generated throwaway CA and server certificate for localhost/127.0.0.1 (see {@link Broker#certificates()})
         * unless {@link #ssl} gives key material. Add users with {@link #user}.
         */
        public Builder secured(SaslMechanism mechanism) {
            listeners.removeIf(l -> l.name().equals(SecurityProtocol.SASL_SSL.name()));
            listeners.add(0, Listener.of(SecurityProtocol.SASL_SSL));
            security = security.withSaslMechanisms(EnumSet.of(mechanism));
            return this;
        }

        /** {@code transaction.max.timeout.ms}: InitProducerId with a longer transaction timeout is refused. */
        public Builder transactionMaxTimeout(Duration timeout) {
            this.transactionMaxTimeout = timeout;
            return this;
        }

        /**
         * The transaction.version (1 or 2) a fresh data directory finalizes; an existing one keeps the level it
         * stored (changed with UpdateFeatures, as on Kafka).
         */
        public Builder transactionVersion(int version) {
            this.transactionVersion = (short) version;
            return this;
        }

        /** {@code max.connections}, {@code max.connections.per.ip}, {@code queued.max.request.bytes} and the like. */
        /** {@code max.incremental.fetch.session.cache.slots}: incremental fetch sessions kept at once (0: none). */
        public Builder fetchSessionCacheSlots(int slots) {
            this.fetchSessionCacheSlots = slots;
            return this;
        }

        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = limits;
            return this;
        }

        /** {@code quota.window.num} and {@code quota.window.size.seconds}: how client quotas measure rates. */
        public Builder quotaWindow(QuotaWindow window) {
            this.quotaWindow = window;
            return this;
        }

        /**
         * Whether the broker's metrics are published as MBeans on the platform MBeanServer (true by default, as
         * Kafka does). False for a test that reads them through {@link Broker#metrics()}, or not at all: the
         * broker then neither registers MBeans nor creates the platform MBeanServer, a tenth of a first start's
         * classes.
         */
        public Builder jmx(boolean jmx) {
            this.jmx = jmx;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(host, port, advertisedHost, advertisedPort, nodeId, clusterId, dataDir,
                    maxRequestBytes, idleConnectionTimeout, autoCreateTopics, numPartitions, logDefaults,
                    groupInitialRebalanceDelay, groupMinSessionTimeout, groupMaxSessionTimeout, groupMaxSize,
                    clock, nanoTime,
                    listeners, security, transactionMaxTimeout, transactionVersion, logCleaner, offsetsRetention,
                    consumerGroups, connectionLimits, quotaWindow, fetchSessionCacheSlots, jmx);
        }
    }
}
