package io.petrel.benchmarks;

import io.petrel.client.Time;
import io.petrel.client.internal.metrics.Avg;
import io.petrel.client.internal.metrics.ConnectionMetrics;
import io.petrel.client.internal.metrics.Max;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.client.internal.metrics.Sensor;
import org.apache.kafka.common.metrics.Metrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What recording a metric costs, Petrel's sensors beside kafka-clients' on the same thread: a latency sensor
 * (avg and max, as request-latency), a meter (rate and total, as record-send), and one request's connection
 * metrics (a client-wide and a node sensor of six stats each, plus network-io, as every request and response
 * records). Scores are nanoseconds per call. The producer records these per batch or request, never per
 * record, so with batches of ~100 records a few hundred nanoseconds per batch is a few nanoseconds per record.
 *
 * <p>Run with {@code benchmarks/run-jmh.sh MetricsRecordingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MetricsRecordingBenchmark {
    private MetricRegistry petrel;
    private Sensor petrelLatency;
    private Sensor petrelMeter;
    private ConnectionMetrics connection;
    private Metrics kafka;
    private org.apache.kafka.common.metrics.Sensor kafkaLatency;
    private org.apache.kafka.common.metrics.Sensor kafkaMeter;
    private double value;

    @Setup
    public void setUp() {
        petrel = new MetricRegistry(new io.petrel.client.internal.metrics.MetricConfig(2, 30_000), Time.SYSTEM, "bench");
        petrelLatency = petrel.sensor("latency").add(petrel.name("latency-avg", "g", ""), new Avg())
                .add(petrel.name("latency-max", "g", ""), new Max());
        petrelMeter = petrel.sensor("records").addMeter(petrel.name("rate", "g", ""), petrel.name("total", "g", ""));
        connection = new ConnectionMetrics(petrel, "producer");
        kafka = new Metrics(new org.apache.kafka.common.metrics.MetricConfig());
        kafkaLatency = kafka.sensor("latency");
        kafkaLatency.add(kafka.metricName("latency-avg", "g"), new org.apache.kafka.common.metrics.stats.Avg());
        kafkaLatency.add(kafka.metricName("latency-max", "g"), new org.apache.kafka.common.metrics.stats.Max());
        kafkaMeter = kafka.sensor("records");
        kafkaMeter.add(new org.apache.kafka.common.metrics.stats.Meter(kafka.metricName("rate", "g"),
                kafka.metricName("total", "g")));
    }

    @TearDown
    public void tearDown() {
        petrel.close();
        kafka.close();
    }

    @Benchmark
    public void petrelLatencySensor() {
        petrelLatency.record(value++ % 100);
    }

    @Benchmark
    public void kafkaLatencySensor() {
        kafkaLatency.record(value++ % 100);
    }

    @Benchmark
    public void petrelMeter() {
        petrelMeter.record(100);
    }

    @Benchmark
    public void kafkaMeter() {
        kafkaMeter.record(100);
    }

    @Benchmark
    public void petrelConnectionMetricsPerRequest() {
        connection.requestSent(1, 200);
    }
}
