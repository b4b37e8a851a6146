package io.petrel.broker.internal.metrics;

import io.petrel.broker.BrokerMetrics;
import io.petrel.broker.internal.fetchsession.FetchSessionCache;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.io.Closeable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * One broker's metrics: Kafka's {@code BrokerTopicMetrics} meters (all topics and per topic), {@code RequestMetrics}
 * per API, {@code ReplicaManager PartitionCount} and per-partition {@code Log Size}, published on the platform
 * MBeanServer under Kafka's names from {@link #open} until {@link #close}.
 *
 * <p>Several brokers in one JVM: Kafka has one broker per JVM, so its names carry no broker key. The first
 * broker-stub to open takes Kafka's exact names (what dashboards, exporters and copied test code look for); a
 * broker opened while those are taken adds {@code ,petrelBroker=<n>} (a JVM-wide sequence) to every name, so it
 * neither fails to start nor shadows the first one's figures. Once the first closes, the next broker to open
 * takes the plain names again. {@link #nameSuffix()} says which a broker got.
 *
 * <p>Recording ({@link #produced}, {@link #fetched}, {@link #requestServed}) uses adders only; per-topic meters and
 * per-(API, version) meters are created, and registered, on first use. Per-partition {@code Size} gauges follow
 * the topic registry at each {@link #syncTopics}: whenever a topic is created, deleted or grown, and at every snapshot.
 *
 * <p>When the JVM has no platform MBeanServer yet, the broker has it made on its background thread a while after it
 * answers ({@link #publishOn}), or at the first {@link #awaitPublished()} if that comes first, and the MBeans
 * registered meanwhile follow then ({@link DeferredMBeanServer}).
 *
 * <p>Opened without JMX, it keeps and reads the same metrics but registers nothing and never asks for the
 * platform MBeanServer (which the JVM creates, with its own MXBeans, on first use), nor takes Kafka's plain names.
 */
public final class BrokerMetricsRegistry implements TopicTraffic, Closeable {
    private static final Logger log = LoggerFactory.getLogger(BrokerMetricsRegistry.class);
    /** Whether some open broker holds Kafka's plain names in this JVM. */
    private static final AtomicBoolean PLAIN_NAMES_TAKEN = new AtomicBoolean();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_API_IDS = 128;
    private static final int MAX_VERSIONS = 64;

    private final LongSupplier nanoTime;
    private final TopicRegistry topics;
    /** The platform MBeanServer, or null when this broker publishes no MBeans. */
    private final DeferredMBeanServer server;
    private final boolean plainNames;
    private final String suffix;
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();
    private final TopicMeters allTopics;
    private final Map<String, TopicMeters> byTopic = new ConcurrentHashMap<>();
    /** RequestsPerSec by API key id and version (index {@code id * MAX_VERSIONS + version}): no boxing per request. */
    private final AtomicReferenceArray<Meter> requestsByApiVersion = new AtomicReferenceArray<>(MAX_API_IDS * MAX_VERSIONS);
    private final Map<String, LatencyHistogram> totalTimeByApi = new ConcurrentHashMap<>();
    /** Guarded by this: the partitions whose Size gauge is registered, by topic. */
    private final Map<String, Integer> sizeGauges = new HashMap<>();
    private volatile boolean closed;

    private BrokerMetricsRegistry(LongSupplier nanoTime, TopicRegistry topics, boolean jmx) {
        this.nanoTime = nanoTime;
        this.topics = topics;
        this.server = jmx ? DeferredMBeanServer.platform() : null;
        this.plainNames = jmx && PLAIN_NAMES_TAKEN.compareAndSet(false, true);
        this.suffix = plainNames || !jmx ? "" : ",petrelBroker=" + SEQUENCE.incrementAndGet();
        this.allTopics = new TopicMeters(nanoTime);
    }

    /**
     * Creates the metrics of a broker serving {@code topics} and, with {@code jmx}, registers the broker-wide MBeans
     * on the platform MBeanServer.
     */
    public static BrokerMetricsRegistry open(LongSupplier nanoTime, TopicRegistry topics, boolean jmx) {
        BrokerMetricsRegistry metrics = new BrokerMetricsRegistry(nanoTime, topics, jmx);
        metrics.registerTopicMeters("", metrics.allTopics);
        metrics.register("kafka.server:type=ReplicaManager,name=PartitionCount",
                new JmxGauge(() -> metrics.partitionCount()));
        metrics.syncTopics();
        topics.onChange(metrics::syncTopics);
        return metrics;
    }

    /**
     * Publishes Kafka's {@code kafka.server:type=FetchSessionCache} gauges over {@code sessions}:
     * {@code NumIncrementalFetchSessions} and {@code NumIncrementalFetchPartitionsCached}, and broker-stub's own
     * {@code io.petrel.broker:type=FetchSessionCache,name=IncrementalFetches}.
     */
    public void fetchSessions(FetchSessionCache sessions) {
        register("kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions",
                new JmxGauge(sessions::sessionCount));
        register("kafka.server:type=FetchSessionCache,name=NumIncrementalFetchPartitionsCached",
                new JmxGauge(sessions::partitionCount));
        // Kafka counts no incremental fetches; broker-stub does, under its own domain, so tests can see them.
        register("io.petrel.broker:type=FetchSessionCache,name=IncrementalFetches",
                new JmxGauge(sessions::incrementalFetches));
    }

    /**
     * Publishes the MBeans: at once if the JVM had its platform MBeanServer when this registry opened, else
     * {@code executor} makes it and registers what waited. Called once the broker answers.
     */
    public void publishOn(Executor executor) {
        if (server != null) {
            server.makeOn(executor);
        }
    }

    /**
     * Returns once every MBean registered so far is on the platform MBeanServer, making the server on this thread if
     * {@link #publishOn}'s executor has not yet (at once without JMX).
     */
    public void awaitPublished() {
        if (server != null) {
            server.awaitMade();
        }
    }

    /** {@code ""} when this broker has Kafka's exact MBean names or publishes none, else what it appends to each. */
    public String nameSuffix() {
        return suffix;
    }

    /** A Produce appended {@code messages} records in {@code bytes} bytes to {@code topic}. */
    @Override
    public void produced(String topic, long bytes, long messages) {
        allTopics.bytesIn.mark(bytes);
        allTopics.messagesIn.mark(messages);
        TopicMeters meters = topicMeters(topic);
        meters.bytesIn.mark(bytes);
        meters.messagesIn.mark(messages);
    }

    /** A Fetch response carried {@code bytes} record bytes of {@code topic}. */
    @Override
    public void fetched(String topic, long bytes) {
        allTopics.bytesOut.mark(bytes);
        topicMeters(topic).bytesOut.mark(bytes);
    }

    /** A request of {@code api} v{@code version} was answered {@code nanos} after it was read. */
    public void requestServed(ApiKey api, short version, long nanos) {
        if (api.id() >= 0 && api.id() < MAX_API_IDS && version >= 0 && version < MAX_VERSIONS) {
            int index = api.id() * MAX_VERSIONS + version;
            Meter meter = requestsByApiVersion.get(index);
            if (meter == null) {
                meter = requestMeter(api, version, index);
            }
            meter.mark(1);
        }
        histogram(api.apiName()).recordNanos(nanos);
        if (api == ApiKey.FETCH) {
            // Kafka also times consumers' fetches apart from followers' ones; a stub has only consumers.
            histogram("FetchConsumer").recordNanos(nanos);
        }
    }

    private Meter requestMeter(ApiKey api, short version, int index) {
        Meter created = new Meter(nanoTime);
        if (!requestsByApiVersion.compareAndSet(index, null, created)) {
            return requestsByApiVersion.get(index);
        }
        register("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + api.apiName() + ",version="
                + version, new JmxMeter(created, "requests"));
        return created;
    }

    private LatencyHistogram histogram(String request) {
        LatencyHistogram h = totalTimeByApi.get(request);
        if (h != null) {
            return h;
        }
        LatencyHistogram created = new LatencyHistogram();
        LatencyHistogram existing = totalTimeByApi.putIfAbsent(request, created);
        if (existing != null) {
            return existing;
        }
        register("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=" + request, new JmxHistogram(created));
        return created;
    }

    private TopicMeters topicMeters(String topic) {
        TopicMeters meters = byTopic.get(topic);
        if (meters != null) {
            return meters;
        }
        TopicMeters created = new TopicMeters(nanoTime);
        TopicMeters existing = byTopic.putIfAbsent(topic, created);
        if (existing != null) {
            return existing;
        }
        // Kafka topic names ([a-zA-Z0-9._-]) are valid unquoted ObjectName values.
        registerTopicMeters(",topic=" + topic, created);
        return created;
    }

    private void registerTopicMeters(String topicKey, TopicMeters meters) {
        register("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec" + topicKey,
                new JmxMeter(meters.bytesIn, "bytes"));
        register("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec" + topicKey,
                new JmxMeter(meters.messagesIn, "messages"));
        register("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec" + topicKey,
                new JmxMeter(meters.bytesOut, "bytes"));
    }

    /**
     * Brings the per-partition {@code Size} gauges and per-topic meters in line with the topic registry: new
     * partitions get a gauge, deleted topics lose theirs (as Kafka removes a deleted topic's metrics).
     */
    public synchronized void syncTopics() {
        if (closed) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (Topic topic : topics.topics()) {
            live.add(topic.name());
            int known = sizeGauges.getOrDefault(topic.name(), 0);
            for (int p = known; p < topic.partitions(); p++) {
                int partition = p;
                String name = topic.name();
                register(sizeName(name, partition), new JmxGauge(() -> logSize(name, partition)));
            }
            sizeGauges.put(topic.name(), Math.max(known, topic.partitions()));
        }
        for (var it = sizeGauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            if (!live.contains(e.getKey())) {
                for (int p = 0; p < e.getValue(); p++) {
                    unregister(sizeName(e.getKey(), p));
                }
                it.remove();
                if (byTopic.remove(e.getKey()) != null) {
                    for (String metric : new String[] {"BytesInPerSec", "MessagesInPerSec", "BytesOutPerSec"}) {
                        unregister("kafka.server:type=BrokerTopicMetrics,name=" + metric + ",topic=" + e.getKey());
                    }
                }
            }
        }
    }

    private static String sizeName(String topic, int partition) {
        return "kafka.log:type=Log,name=Size,topic=" + topic + ",partition=" + partition;
    }

    private long logSize(String topic, int partition) {
        try {
            return topics.partition(topic, partition).sizeInBytes();
        } catch (TopicException e) {
            return 0L;
        }
    }

    private int partitionCount() {
        int n = 0;
        for (Topic topic : topics.topics()) {
            n += topic.partitions();
        }
        return n;
    }

    /** An immutable reading of every metric now. */
    public BrokerMetrics snapshot() {
        syncTopics();
        Map<String, BrokerMetrics.Rate> bytesIn = new HashMap<>();
        Map<String, BrokerMetrics.Rate> messagesIn = new HashMap<>();
        Map<String, BrokerMetrics.Rate> bytesOut = new HashMap<>();
        byTopic.forEach((topic, m) -> {
            bytesIn.put(topic, rate(m.bytesIn));
            messagesIn.put(topic, rate(m.messagesIn));
            bytesOut.put(topic, rate(m.bytesOut));
        });
        Map<String, Map<Short, BrokerMetrics.Rate>> requests = new HashMap<>();
        for (int i = 0; i < requestsByApiVersion.length(); i++) {
            Meter meter = requestsByApiVersion.get(i);
            if (meter != null) {
                ApiKey api = ApiKey.lookup((short) (i / MAX_VERSIONS)).orElseThrow();
                requests.computeIfAbsent(api.apiName(), k -> new HashMap<>()).put((short) (i % MAX_VERSIONS), rate(meter));
            }
        }
        Map<String, BrokerMetrics.Latency> times = new HashMap<>();
        totalTimeByApi.forEach((request, h) -> {
            LatencyHistogram.HistogramValues v = h.read();
            times.put(request, new BrokerMetrics.Latency(v.count(), v.mean(), v.max(), v.p50(), v.p99()));
        });
        Map<String, Long> sizes = new HashMap<>();
        for (Topic topic : topics.topics()) {
            for (int p = 0; p < topic.partitions(); p++) {
                sizes.put(topic.name() + "-" + p, logSize(topic.name(), p));
            }
        }
        return new BrokerMetrics(rate(allTopics.bytesIn), rate(allTopics.messagesIn), rate(allTopics.bytesOut),
                bytesIn, messagesIn, bytesOut, requests, times, partitionCount(), sizes, suffix);
    }

    private static BrokerMetrics.Rate rate(Meter meter) {
        Meter.MeterValues v = meter.read();
        return new BrokerMetrics.Rate(v.count(), v.meanRate(), v.oneMinuteRate(), v.fiveMinuteRate(),
                v.fifteenMinuteRate());
    }

    /**
     * Registers {@code mbean} under {@code kafkaName} once the server is made. Its ObjectName is made then too: a
     * first start in a JVM without JMX need not load and run JMX's name parser for MBeans nobody can see yet.
     */
    private void register(String kafkaName, Object mbean) {
        if (closed || server == null) {
            return;
        }
        server.run(platform -> {
            ObjectName name = name(kafkaName);
            try {
                platform.registerMBean(mbean, name);
                registered.add(name);
            } catch (InstanceAlreadyExistsException e) {
                log.warn("MBean {} is already registered by something else in this JVM; this broker does not publish it",
                        name);
            } catch (JMException e) {
                log.warn("Could not register MBean {}", name, e);
            }
        });
    }

    private void unregister(String kafkaName) {
        if (server != null) {
            // Checked when it runs: a registration of the same name may still be waiting for the server.
            server.run(platform -> unregister(platform, name(kafkaName)));
        }
    }

    private void unregister(MBeanServer platform, ObjectName name) {
        if (!registered.remove(name)) {
            return;
        }
        try {
            platform.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            log.debug("MBean {} was already unregistered", name, e);
        } catch (JMException e) {
            log.warn("Could not unregister MBean {}", name, e);
        }
    }

    private ObjectName name(String kafkaName) {
        try {
            return new ObjectName(kafkaName + suffix);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("Not a valid MBean name: '" + kafkaName + suffix + "'", e);
        }
    }

    /** Unregisters every MBean of this broker and frees Kafka's plain names for the next broker. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close(platform -> {
                for (ObjectName name : Set.copyOf(registered)) {
                    unregister(platform, name);
                }
            });
        }
        if (plainNames) {
            PLAIN_NAMES_TAKEN.set(false);
        }
    }

    /** The three {@code BrokerTopicMetrics} meters of one topic, or of all topics. */
    private static final class TopicMeters {
        final Meter bytesIn;
        final Meter messagesIn;
        final Meter bytesOut;

        TopicMeters(LongSupplier nanoTime) {
            bytesIn = new Meter(nanoTime);
            messagesIn = new Meter(nanoTime);
            bytesOut = new Meter(nanoTime);
        }
    }
}
