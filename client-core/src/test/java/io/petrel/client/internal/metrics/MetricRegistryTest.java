package io.petrel.client.internal.metrics;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.MetricsReporter;
import io.petrel.client.Time;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The windowed stats behave as kafka-clients' do, on a clock the test moves. */
class MetricRegistryTest {
    private final ManualClock clock = new ManualClock();
    private final Time time = Time.of(clock, clock::nanoTime, clock::sleep);
    private final MetricRegistry registry = new MetricRegistry(new MetricConfig(2, 30_000), time, "client-1");

    private double value(String name) {
        return ((RegisteredMetric) registry.metric(registry.name(name, "g", ""))).value();
    }

    @Test
    void aRateIsPerSecondOverTheWindowsAndFallsToZeroOnceTheyPass() {
        Sensor sent = registry.sensor("sent").addMeter(registry.name("rate", "g", ""), registry.name("total", "g", ""));
        sent.record(300);
        clock.advance(Duration.ofSeconds(10));
        // Young: the divisor is padded to one full window (samples - 1), so 300 in 10 s reads as 300 / 40 s.
        assertEquals(300 / 40.0, value("rate"), 1e-9);
        clock.advance(Duration.ofSeconds(25));
        sent.record(700);
        // 35 s since the first sample, one full window passed: no padding.
        assertEquals(1000 / 35.0, value("rate"), 1e-9);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(0.0, value("rate"), "both samples are older than 2 x 30 s");
        assertEquals(1000.0, value("total"), "the total never forgets");
    }

    @Test
    void avgAndMaxCoverTheWindowAndAreNaNWithNothingInIt() {
        registry.sensor("latency").add(registry.name("avg", "g", ""), new Avg()).add(registry.name("max", "g", ""), new Max());
        assertTrue(Double.isNaN(value("avg")));
        assertTrue(Double.isNaN(value("max")));
        Sensor latency = registry.sensor("latency");
        latency.record(10);
        latency.record(30);
        clock.advance(Duration.ofSeconds(31));
        latency.record(2);
        assertEquals(14.0, value("avg"), 1e-9);
        assertEquals(30.0, value("max"));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(2.0, value("max"), "the first window has expired, the second not yet");
        clock.advance(Duration.ofSeconds(60));
        assertTrue(Double.isNaN(value("max")));
    }

    @Test
    void aRatioOfNanosIsTheShareOfTimeSpent() {
        registry.sensor("wait").add(registry.name("ratio", "g", ""), Rate.ratioOfNanos());
        for (int i = 0; i < 60; i++) {
            registry.sensor("wait").record(Duration.ofMillis(250).toNanos());
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(0.25, value("ratio"), 0.01);
    }

    @Test
    void namesCarryTheClientIdFirstAndReportersHearOfEveryMetric() {
        List<String> heard = new ArrayList<>();
        MetricsReporter reporter = new MetricsReporter() {
            @Override
            public void init(List<Metric> metrics) {
                metrics.forEach(m -> heard.add("init " + m.metricName().name()));
            }

            @Override
            public void metricChange(Metric metric) {
                heard.add("change " + metric.metricName().name());
            }

            @Override
            public void metricRemoval(Metric metric) {
                heard.add("removal " + metric.metricName().name());
            }

            @Override
            public void close() {
                heard.add("close");
            }
        };
        registry.addReporter(reporter);
        MetricName lag = registry.name("records-lag", "consumer-fetch-manager-metrics", "lag", "topic", "t", "partition", "0");
        assertEquals(List.of("client-id", "topic", "partition"), List.copyOf(lag.tags().keySet()));
        assertEquals(Map.of("client-id", "client-1", "topic", "t", "partition", "0"), lag.tags());
        registry.gauge(lag, () -> 5.0);
        assertEquals(5.0, registry.metric(lag).value());
        registry.remove(lag);
        registry.close();
        assertEquals(List.of("init count", "change records-lag", "removal records-lag", "close"), heard);
    }

    @Test
    void aThrowingReporterIsLoggedAndTheOthersGoOn() {
        MetricsReporter throwing = new MetricsReporter() {
            @Override
            public void init(List<Metric> metrics) {
                throw new IllegalStateException("init fails");
            }

            @Override
            public void metricChange(Metric metric) {
                throw new IllegalStateException("change fails");
            }

            @Override
            public void metricRemoval(Metric metric) {
            }

            @Override
            public void close() {
            }
        };
        registry.addReporter(throwing);
        registry.sensor("s").add(registry.name("m", "g", ""), new CumulativeSum()).record(3);
        assertEquals(3.0, value("m"));
    }

    @Test
    void metricReportersFromSettingsAreCreatedAndConfigured() {
        ConfigValues values = CommonClientConfigs.SPEC.parse(Map.of("bootstrap.servers", "localhost:9092",
                "metric.reporters", Recording.class.getName(), "metrics.num.samples", "3",
                "metrics.sample.window.ms", "1000"));
        MetricRegistry fromSettings = MetricRegistry.forClient(values, time, "c");
        assertEquals(new MetricConfig(3, 1000), fromSettings.config());
        assertEquals("localhost:9092", Recording.last.configs.get("bootstrap.servers"));
        assertFalse(Recording.last.initial.isEmpty(), "init got the metrics there were");
    }

    /** A reporter created from its class name. */
    public static final class Recording implements MetricsReporter {
        static Recording last;
        Map<String, ?> configs;
        List<Metric> initial;

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
            last = this;
        }

        @Override
        public void init(List<Metric> metrics) {
            initial = metrics;
        }

        @Override
        public void metricChange(Metric metric) {
        }

        @Override
        public void metricRemoval(Metric metric) {
        }

        @Override
        public void close() {
        }
    }
}
