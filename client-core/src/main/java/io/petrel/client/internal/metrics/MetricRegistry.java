package io.petrel.client.internal.metrics;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.MetricsReporter;
import io.petrel.client.Time;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.ConfiguredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A client's metrics, as kafka-clients' Metrics: named sensors and the metrics their stats back, plus gauges,
 * every name carrying the client's {@code client-id} tag. Each {@link MetricsReporter} gets the metrics there
 * are when it is added ({@code init}), then each metric added or removed; a reporter that throws is logged and
 * kept. Metrics added later (a topic's, a broker's, a partition's) appear as the client first uses them.
 *
 * <p>Safe for any thread: sensors are created once by name, registration is a concurrent map, and the clock
 * is the client's {@link Time} (its monotonic counter, in milliseconds) so tests move a clock to roll windows.
 */
public final class MetricRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricRegistry.class);

    private final MetricConfig config;
    private final Time time;
    private final String clientId;
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();
    private final Map<MetricName, RegisteredMetric> metrics = new ConcurrentHashMap<>();
    private final List<MetricsReporter> reporters = new CopyOnWriteArrayList<>();

    public MetricRegistry(MetricConfig config, Time time, String clientId) {
        this.config = config;
        this.time = time;
        this.clientId = clientId;
        gauge(name("count", "kafka-metrics-count", "total number of registered metrics"), metrics::size);
    }

    /**
     * A client's registry: windows from {@code metrics.num.samples} and {@code metrics.sample.window.ms}, and the
     * {@code metric.reporters} the settings name, created (those given as classes configured with the settings)
     * and added in order.
     */
    public static MetricRegistry forClient(ConfigValues values, Time time, String clientId) {
        return forClient(values, time, clientId, null);
    }

    /**
     * As {@link #forClient(ConfigValues, Time, String)}, and published over JMX under {@code jmxPrefix}
     * ({@code kafka.producer}, {@code kafka.consumer}) as kafka-clients 4.x always does; null for no JMX. The
     * {@code app-info} metrics (version, start-time-ms) come first, as kafka-clients registers them.
     */
    public static MetricRegistry forClient(ConfigValues values, Time time, String clientId, String jmxPrefix) {
        MetricRegistry registry = new MetricRegistry(MetricConfig.from(values), time, clientId);
        if (jmxPrefix != null) {
            registry.addReporter(new JmxReporter(jmxPrefix));
            long startMs = time.milliseconds();
            registry.gauge(registry.name("version", "app-info", "Metric indicating version"),
                    () -> io.petrel.client.internal.ClientSoftware.VERSION);
            registry.gauge(registry.name("commit-id", "app-info", "Metric indicating commit-id"), () -> "unknown");
            registry.gauge(registry.name("start-time-ms", "app-info", "Metric indicating start-time-ms"),
                    () -> startMs);
        }
        ConfiguredInstance.listOf(values.get(CommonClientConfigs.METRIC_REPORTERS), "metric.reporters",
                MetricsReporter.class, r -> r.configure(values.originals())).forEach(registry::addReporter);
        return registry;
    }

    public MetricConfig config() {
        return config;
    }

    public String clientId() {
        return clientId;
    }

    /** The registry's clock in milliseconds (the client's monotonic time), as windows read it. */
    public long nowMs() {
        return time.nanoseconds() / 1_000_000L;
    }

    /** A name in {@code group} with the client-id tag and {@code tags} (key, value, key, value, ...). */
    public MetricName name(String name, String group, String description, String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("Tags come in key, value pairs: " + List.of(tags));
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("client-id", clientId);
        for (int i = 0; i < tags.length; i += 2) {
            all.put(tags[i], tags[i + 1]);
        }
        return new MetricName(name, group, description, all);
    }

    /** The sensor of this name, created empty the first time. */
    public Sensor sensor(String name) {
        return sensors.computeIfAbsent(name, n -> new Sensor(n, this));
    }

    /** The sensor of this name if it exists, else null. */
    public Sensor existingSensor(String name) {
        return sensors.get(name);
    }

    /** A metric whose value is read from {@code value} each time (a count, bytes available, seconds since). */
    public void gauge(MetricName name, Supplier<?> value) {
        register(RegisteredMetric.gauge(name, value, this));
    }

    void register(RegisteredMetric metric) {
        metrics.put(metric.metricName(), metric);
        for (MetricsReporter reporter : reporters) {
            tell(reporter, "metricChange", () -> reporter.metricChange(metric));
        }
    }

    /** Forgets a sensor; its metrics stay until {@link #remove}d. */
    public void removeSensor(String name) {
        sensors.remove(name);
    }

    /** Removes one metric and tells the reporters. */
    public void remove(MetricName name) {
        RegisteredMetric removed = metrics.remove(name);
        if (removed != null) {
            for (MetricsReporter reporter : reporters) {
                tell(reporter, "metricRemoval", () -> reporter.metricRemoval(removed));
            }
        }
    }

    /** Every metric now, by name. */
    public Map<MetricName, Metric> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** One metric, or null. */
    public RegisteredMetric metric(MetricName name) {
        return metrics.get(name);
    }

    /** Adds a reporter and hands it the metrics there are. */
    public void addReporter(MetricsReporter reporter) {
        List<Metric> now = new ArrayList<>(metrics.values());
        tell(reporter, "init", () -> reporter.init(now));
        reporters.add(reporter);
    }

    /** Closes the reporters (JMX unregisters its MBeans). */
    @Override
    public void close() {
        for (MetricsReporter reporter : reporters) {
            tell(reporter, "close", reporter::close);
        }
        reporters.clear();
    }

    private static void tell(MetricsReporter reporter, String call, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Metrics reporter {} threw in {}", reporter.getClass().getName(), call, e);
        }
    }
}
