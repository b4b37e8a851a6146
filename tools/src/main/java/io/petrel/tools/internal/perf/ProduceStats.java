package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * What a producer benchmark measured: acknowledged records and their send-to-ack latency, in microseconds in
 * an HdrHistogram (3 significant digits). Acks are recorded on the producer's I/O thread through a
 * {@link Recorder}, so recording never waits on the thread that prints; each progress line takes the interval
 * since the last one and folds it into the run's total.
 *
 * <p>Lines are printed as kafka-producer-perf-test prints them, so scripts that parse its output read ours.
 */
final class ProduceStats {
    private static final double MB = 1024.0 * 1024.0;

    private final Time time;
    private final int recordSize;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Exact maxima: the histogram's are rounded up to its bucket's edge. */
    private final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);
    private final LongAccumulator windowMaxMicros = new LongAccumulator(Math::max, 0);
    private final long startNanos;

    // Guarded by this: the printing side.
    private final Histogram total = new Histogram(3);
    private Histogram interval;
    private long lastNanos;
    private long lastAcked;

    ProduceStats(Time time, int recordSize) {
        this.time = time;
        this.recordSize = recordSize;
        this.startNanos = time.nanoseconds();
        this.lastNanos = startNanos;
    }

    /** A record sent at {@code sentNanos} was acknowledged now. */
    void onAck(long sentNanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(time.nanoseconds() - sentNanos));
        recorder.recordValue(micros);
        maxMicros.accumulate(micros);
        windowMaxMicros.accumulate(micros);
        acked.incrementAndGet();
    }

    void onFailure() {
        failed.incrementAndGet();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    /** The window since the last call: {@code N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency.} */
    synchronized String intervalLine() {
        Histogram window = takeInterval();
        long now = time.nanoseconds();
        long count = acked.get();
        long windowCount = count - lastAcked;
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        lastNanos = now;
        lastAcked = count;
        return String.format(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                windowCount, windowCount / seconds, windowCount * (double) recordSize / MB / seconds,
                window.getTotalCount() == 0 ? 0.0 : window.getMean() / 1000.0, windowMaxMicros.getThenReset() / 1000.0);
    }

    /** The latency distribution of the whole run, finer than the last line gives it. */
    synchronized String latencyLine() {
        takeInterval();
        return String.format(Locale.ROOT, "Send-to-ack latency (ms): min %.3f, p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, p99.99 %.3f, max %.3f",
                total.getMinValue() / 1000.0, pct(50), pct(90), pct(99), pct(99.9), pct(99.99), maxMicros.get() / 1000.0);
    }

    /**
     * The run's summary in exactly the shape of kafka-producer-perf-test's last line: {@code N records sent,
     * R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th,
     * P999 ms 99.9th.} The rate counts from the start to now (after the last ack), over acknowledged records.
     */
    synchronized String totalLine() {
        takeInterval();
        long count = acked.get();
        double seconds = Math.max(1e-9, (time.nanoseconds() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                count, count / seconds, count * (double) recordSize / MB / seconds,
                total.getTotalCount() == 0 ? 0.0 : total.getMean() / 1000.0, maxMicros.get() / 1000.0,
                wholeMs(50), wholeMs(95), wholeMs(99), wholeMs(99.9));
    }

    private Histogram takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** A percentile in microseconds, at most the exact maximum (the histogram rounds up to its bucket's edge). */
    private long percentileMicros(double percentile) {
        return Math.min(total.getValueAtPercentile(percentile), maxMicros.get());
    }

    private double pct(double percentile) {
        return percentileMicros(percentile) / 1000.0;
    }

    private long wholeMs(double percentile) {
        return percentileMicros(percentile) / 1000;
    }
}
