package io.petrel.broker.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request times in log-linear buckets of microseconds (8 buckets per power of two, so a percentile is within
 * 12.5 % of the true value), read in milliseconds as Kafka's {@code TotalTimeMs} histograms are.
 *
 * <p>Why buckets rather than Kafka's decaying sample reservoir: recording is one array increment and a few
 * adders, with no lock and no allocation, on every request. The percentiles cover the broker's whole life
 * rather than Kafka's recent-biased sample; for a test that runs one workload they are the same thing.
 */
public final class LatencyHistogram {
    private static final int LINEAR = 16;
    private static final int SUB_BUCKETS = 8;
    private static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sumMicros = new LongAdder();
    private final LongAdder sumSquaresMicros = new LongAdder();
    private final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);
    private final LongAccumulator minMicros = new LongAccumulator(Math::min, Long.MAX_VALUE);

    /** Records one duration; negative durations (a clock that went back) count as zero. */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        buckets.incrementAndGet(bucketOf(micros));
        count.increment();
        sumMicros.add(micros);
        sumSquaresMicros.add(micros * micros);
        maxMicros.accumulate(micros);
        minMicros.accumulate(micros);
    }

    static int bucketOf(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - 3)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - 4) * SUB_BUCKETS + sub;
    }

    /** The smallest value a bucket holds, in microseconds. */
    static long lowerBound(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = (bucket - LINEAR) / SUB_BUCKETS + 4;
        int sub = (bucket - LINEAR) % SUB_BUCKETS;
        return (1L << exponent) + ((long) sub << (exponent - 3));
    }

    /** All figures at one instant (nearly: concurrent records may land between the reads). */
    public HistogramValues read() {
        long n = count.sum();
        if (n == 0) {
            return new HistogramValues(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double mean = sumMicros.sum() / (double) n;
        double variance = Math.max(0, sumSquaresMicros.sum() / (double) n - mean * mean);
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        long max = maxMicros.get();
        return new HistogramValues(n, ms(minMicros.get()), ms(max), mean / 1000, Math.sqrt(variance) / 1000,
                percentile(counts, total, 0.50, max), percentile(counts, total, 0.75, max),
                percentile(counts, total, 0.95, max), percentile(counts, total, 0.98, max),
                percentile(counts, total, 0.99, max), percentile(counts, total, 0.999, max));
    }

    private static double percentile(long[] counts, long total, double quantile, long maxMicros) {
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                long upper = i + 1 < BUCKETS ? lowerBound(i + 1) - 1 : Long.MAX_VALUE;
                return ms(Math.min(upper, maxMicros));
            }
        }
        return ms(maxMicros);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** A histogram's figures in milliseconds, as Kafka's JMX reporter shows them. */
    public record HistogramValues(long count, double min, double max, double mean, double stdDev, double p50,
                                  double p75, double p95, double p98, double p99, double p999) {
    }
}
