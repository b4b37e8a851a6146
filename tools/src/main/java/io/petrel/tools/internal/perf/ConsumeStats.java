package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import org.HdrHistogram.Histogram;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a consumer benchmark measured: records and bytes consumed, the time to the first assignment (the
 * group's rebalance; zero without a group), and how long each poll that returned records took, in
 * microseconds in an HdrHistogram. Updated by the polling thread; the progress line reads the volatile
 * counters from its own thread.
 *
 * <p>The result is printed as kafka-consumer-perf-test prints it: a header and one line of figures, where
 * the fetch figures leave out the rebalance time.
 */
final class ConsumeStats {
    private static final double MB = 1024.0 * 1024.0;
    static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
            + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    private final Time time;
    private final long startMs;
    private final long startNanos;
    private final Histogram pollMicros = new Histogram(3);
    private volatile long records;
    private volatile long bytes;
    private long rebalanceMs;
    private boolean assigned;
    private long lastRecordNanos;

    // Read and written by the progress thread only.
    private long windowStartNanos;
    private long windowStartRecords;
    private long windowStartBytes;

    ConsumeStats(Time time) {
        this.time = time;
        this.startMs = time.milliseconds();
        this.startNanos = time.nanoseconds();
        this.lastRecordNanos = startNanos;
        this.windowStartNanos = startNanos;
    }

    /** The first assignment arrived (a group's join and sync are done). */
    void onAssigned() {
        if (!assigned) {
            assigned = true;
            rebalanceMs = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - startNanos);
        }
    }

    /** A poll that started at {@code pollStartNanos} returned records with these sizes in total. */
    void onRecords(long pollStartNanos, int count, long totalBytes) {
        long now = time.nanoseconds();
        pollMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - pollStartNanos)));
        records += count;
        bytes += totalBytes;
        lastRecordNanos = now;
    }

    long records() {
        return records;
    }

    long nanosSinceLastRecord() {
        return time.nanoseconds() - lastRecordNanos;
    }

    /** The window since the last call: {@code N records consumed, R records/sec (M MB/sec).} */
    String intervalLine() {
        long now = time.nanoseconds();
        long r = records;
        long b = bytes;
        double seconds = Math.max(1e-9, (now - windowStartNanos) / 1e9);
        String line = String.format(Locale.ROOT, "%d records consumed, %.1f records/sec (%.2f MB/sec).",
                r - windowStartRecords, (r - windowStartRecords) / seconds, (b - windowStartBytes) / MB / seconds);
        windowStartNanos = now;
        windowStartRecords = r;
        windowStartBytes = b;
        return line;
    }

    /** How long polls that returned records took. */
    String pollLatencyLine() {
        return String.format(Locale.ROOT, "Poll latency (ms, %d polls returning records): p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, max %.3f",
                pollMicros.getTotalCount(), pct(50), pct(90), pct(99), pct(99.9), pollMicros.getMaxValue() / 1000.0);
    }

    /**
     * kafka-consumer-perf-test's two result lines: the header and the figures, measured from the start to the
     * last record consumed.
     */
    List<String> resultLines() {
        long endMs = startMs + TimeUnit.NANOSECONDS.toMillis(lastRecordNanos - startNanos);
        long elapsedMs = Math.max(1, endMs - startMs);
        long fetchMs = Math.max(0, elapsedMs - rebalanceMs);
        double mb = bytes / MB;
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS", Locale.ROOT);
        String figures = String.format(Locale.ROOT, "%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f",
                format.format(new Date(startMs)), format.format(new Date(endMs)), mb, 1000.0 * mb / elapsedMs,
                records, 1000.0 * records / elapsedMs, rebalanceMs, fetchMs,
                fetchMs == 0 ? 0.0 : 1000.0 * mb / fetchMs, fetchMs == 0 ? 0.0 : 1000.0 * records / fetchMs);
        return List.of(HEADER, figures);
    }

    private double pct(double percentile) {
        return pollMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
