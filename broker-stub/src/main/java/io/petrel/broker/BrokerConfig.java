package io.petrel.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
 * @param clock                     the broker's wall-clock time: log append times, timestamp bounds, retention by
 *                                  record timestamps, commit timestamps; tests inject their own
 * @param nanoTime                  a monotonic nanosecond source (only differences count), on which every deadline
 *                                  and interval is measured: session and rebalance timeouts, the initial rebalance
 *                                  delay, flush intervals; {@code System::nanoTime} by default, tests inject their own
 * @param logCleaner                {@code log.cleaner.*}: the compaction of compacted topics
 * @param offsetsRetention          {@code offsets.retention.minutes}: how long an Empty group's committed offsets
 *                                  are kept (7 days, as Kafka)
 */
public record BrokerConfig(String host, int port, String advertisedHost, int advertisedPort, int nodeId, String clusterId,
                           Path dataDir, int maxRequestBytes, Duration idleConnectionTimeout, boolean autoCreateTopics,
                           int numPartitions, LogConfig logDefaults, Duration groupInitialRebalanceDelay,
                           Duration groupMinSessionTimeout, Duration groupMaxSessionTimeout, Clock clock,
                           LongSupplier nanoTime, LogCleanerConfig logCleaner, Duration offsetsRetention) {

    public BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logDefaults, "logDefaults");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(logCleaner, "logCleaner");
        Objects.requireNonNull(offsetsRetention, "offsetsRetention");
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
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("socket.request.max.bytes " + maxRequestBytes + " must be at least 1024");
        }
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
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private LogCleanerConfig logCleaner = LogCleanerConfig.defaults();
        private Duration offsetsRetention = Duration.ofDays(7);

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
            clock = c.clock;
            nanoTime = c.nanoTime;
            logCleaner = c.logCleaner;
            offsetsRetention = c.offsetsRetention;
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

        /** {@code offsets.retention.minutes}: how long an Empty group's committed offsets are kept. */
        public Builder offsetsRetention(Duration offsetsRetention) {
            this.offsetsRetention = offsetsRetention;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(host, port, advertisedHost, advertisedPort, nodeId, clusterId, dataDir,
                    maxRequestBytes, idleConnectionTimeout, autoCreateTopics, numPartitions, logDefaults,
                    groupInitialRebalanceDelay, groupMinSessionTimeout, groupMaxSessionTimeout, clock, nanoTime,
                    logCleaner, offsetsRetention);
        }
    }
}
