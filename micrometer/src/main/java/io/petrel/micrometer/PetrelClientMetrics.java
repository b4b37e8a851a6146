package io.petrel.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Binds a Petrel client's metrics to a Micrometer {@link MeterRegistry}, named as Micrometer's KafkaClientMetrics
 * names kafka-clients' metrics:
 *
 * <pre>{@code
 * PetrelClientMetrics binding = new PetrelClientMetrics(producer::allMetrics);
 * binding.bindTo(registry);          // kafka.producer.record.send.rate{client.id=...,kafka.version=...}
 * ...
 * binding.close();                   // before or with the client
 * }</pre>
 *
 * <p>Names: {@code kafka.} + group + {@code .} + name, with {@code -metrics} dropped and dashes made dots
 * ({@code producer-topic-metrics} / {@code record-send-rate} becomes {@code kafka.producer.topic.record.send.rate});
 * tags are the metric's with dashes made dots ({@code client.id}, {@code node.id}, {@code topic},
 * {@code partition}) plus {@code kafka.version} (Petrel's version) and the extra tags given. Metrics named
 * {@code ...total} or {@code ...count} become function counters, the rest gauges; non-numeric metrics and the
 * {@code app-info} and {@code kafka-metrics-count} groups are left out. Where one name exists with fewer and more
 * tags (records-consumed-rate for the consumer and per topic), only the most tagged ones are bound, as
 * Prometheus wants one tag set per name.
 *
 * <p>Metrics appear as a client first uses a topic or broker: the binding looks again every
 * {@code refreshInterval} (one minute by default) on a daemon thread of its own, and on each {@link #refresh()}.
 */
public final class PetrelClientMetrics implements MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PetrelClientMetrics.class);
    private static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);
    private static final Set<String> SKIPPED_GROUPS = Set.of("app-info", "kafka-metrics-count");

    private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    private final List<Tag> extraTags;
    private final Duration refreshInterval;
    private final Set<Meter.Id> bound = new HashSet<>();
    private final Map<MetricName, Meter.Id> boundByMetric = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private MeterRegistry registry;
    private String version = "unknown";

    /** @param metrics the client's metrics: {@code producer::allMetrics} or {@code consumer::allMetrics} */
    public PetrelClientMetrics(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        this(metrics, List.of(), DEFAULT_REFRESH);
    }

    /**
     * @param metrics         the client's metrics
     * @param extraTags       tags added to every meter
     * @param refreshInterval how often to look for metrics added since
     */
    public PetrelClientMetrics(Supplier<? extends Map<MetricName, ? extends Metric>> metrics, Iterable<Tag> extraTags,
                               Duration refreshInterval) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.extraTags = new ArrayList<>();
        extraTags.forEach(this.extraTags::add);
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("Already bound to a registry; create one PetrelClientMetrics per registry");
        }
        this.registry = registry;
        refresh();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "petrel-micrometer-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long ms = refreshInterval.toMillis();
        scheduler.scheduleAtFixedRate(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Binds the metrics added since the last look and removes the meters of metrics that are gone. */
    public synchronized void refresh() {
        if (registry == null) {
            throw new IllegalStateException("Not bound: call bindTo(registry) first");
        }
        Map<MetricName, ? extends Metric> now = Map.copyOf(metrics.get());
        now.forEach((name, metric) -> {
            if (name.group().equals("app-info") && name.name().equals("version")) {
                version = String.valueOf(metric.metricValue());
            }
        });
        removeGone(now);
        Map<String, Integer> mostTags = new HashMap<>();
        now.forEach((name, metric) -> {
            if (bindable(name, metric)) {
                mostTags.merge(meterName(name), name.tags().size(), Math::max);
            }
        });
        // A per-topic metric appearing after its client-wide namesake was bound replaces it (one tag set per name).
        boundByMetric.entrySet().removeIf(e -> {
            if (e.getKey().tags().size() >= mostTags.getOrDefault(meterName(e.getKey()), 0)) {
                return false;
            }
            registry.remove(e.getValue());
            bound.remove(e.getValue());
            return true;
        });
        now.forEach((name, metric) -> {
            if (bindable(name, metric) && !boundByMetric.containsKey(name)
                    && name.tags().size() == mostTags.get(meterName(name))) {
                bind(name, metric);
            }
        });
    }

    private static boolean bindable(MetricName name, Metric metric) {
        return !SKIPPED_GROUPS.contains(name.group()) && metric.metricValue() instanceof Number;
    }

    private void removeGone(Map<MetricName, ? extends Metric> now) {
        boundByMetric.entrySet().removeIf(e -> {
            if (now.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            bound.remove(e.getValue());
            return true;
        });
    }

    private void bind(MetricName name, Metric metric) {
        String meterName = meterName(name);
        List<Tag> tags = tags(name);
        try {
            Meter meter = meterName.endsWith("total") || meterName.endsWith("count")
                    ? FunctionCounter.builder(meterName, metric, PetrelClientMetrics::value).tags(tags)
                    .description(name.description()).register(registry)
                    : Gauge.builder(meterName, metric, PetrelClientMetrics::value).tags(tags)
                    .description(name.description()).register(registry);
            bound.add(meter.getId());
            boundByMetric.put(name, meter.getId());
        } catch (RuntimeException e) {
            log.warn("Could not bind metric {} as meter {} {}: {}", name, meterName, tags, e.toString());
        }
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Micrometer's name for a Kafka metric: {@code kafka.GROUP.NAME}, -metrics dropped, dashes as dots. */
    static String meterName(MetricName name) {
        return ("kafka." + name.group() + "." + name.name()).replace("-metrics", "").replace('-', '.');
    }

    private List<Tag> tags(MetricName name) {
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((key, value) -> tags.add(Tag.of(key.replace('-', '.'), value)));
        tags.add(Tag.of("kafka.version", version));
        tags.addAll(extraTags);
        return tags;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing the Petrel client's meters failed; trying again in {}", refreshInterval, e);
        }
    }

    /** Stops looking for new metrics and removes every meter this binding registered. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (registry != null) {
            bound.forEach(registry::remove);
        }
        bound.clear();
        boundByMetric.clear();
    }
}
