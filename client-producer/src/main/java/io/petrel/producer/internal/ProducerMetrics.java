package io.petrel.producer.internal;

import io.petrel.client.Time;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The producer's counters, with Kafka's metric names. Rates are per second since the producer started;
 * averages are over everything sent so far. Written by the sender thread (and send() for errors), read
 * by {@link #snapshot} from any thread.
 */
final class ProducerMetrics {
    private final Time time;
    private final long startNanos;
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchBytes = new LongAdder();
    private final LongAdder uncompressedBytes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder requestLatencyNanos = new LongAdder();
    private final AtomicLong requestLatencyMaxNanos = new AtomicLong();
    private final LongAdder retries = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder throttledResponses = new LongAdder();
    private final LongAdder throttleTimeMs = new LongAdder();
    private final AtomicLong throttleTimeMaxMs = new AtomicLong();

    ProducerMetrics(Time time) {
        this.time = time;
        this.startNanos = time.nanoseconds();
    }

    /** A batch built for sending (counted once, not per retry). */
    void batchBuilt(int sizeInBytes, int uncompressedRecordBytes) {
        batches.increment();
        batchBytes.add(sizeInBytes);
        uncompressedBytes.add(uncompressedRecordBytes);
    }

    /** A batch acknowledged. */
    void batchSent(int records, int sizeInBytes) {
        recordsSent.add(records);
        bytesSent.add(sizeInBytes);
    }

    void requestCompleted(long latencyNanos) {
        requests.increment();
        requestLatencyNanos.add(latencyNanos);
        requestLatencyMaxNanos.accumulateAndGet(latencyNanos, Math::max);
    }

    /** A Produce response's throttle time (0 when not throttled), as kafka-clients records every one. */
    void produceThrottleTime(int ms) {
        throttledResponses.increment();
        throttleTimeMs.add(ms);
        throttleTimeMaxMs.accumulateAndGet(ms, Math::max);
    }

    void retried(int records) {
        retries.add(records);
    }

    void failed(int records) {
        errors.add(records);
    }

    Map<String, Double> snapshot() {
        double seconds = Math.max(1e-3, (time.nanoseconds() - startNanos) / 1e9);
        long batchCount = batches.sum();
        long requestCount = requests.sum();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("record-send-total", (double) recordsSent.sum());
        m.put("record-send-rate", recordsSent.sum() / seconds);
        m.put("byte-total", (double) bytesSent.sum());
        m.put("byte-rate", bytesSent.sum() / seconds);
        m.put("batch-size-avg", batchCount == 0 ? 0.0 : (double) batchBytes.sum() / batchCount);
        m.put("compression-rate-avg", uncompressedBytes.sum() == 0 ? 1.0
                : (double) batchBytes.sum() / uncompressedBytes.sum());
        m.put("request-total", (double) requestCount);
        m.put("request-latency-avg", requestCount == 0 ? 0.0
                : TimeUnit.NANOSECONDS.toMicros(requestLatencyNanos.sum() / requestCount) / 1000.0);
        m.put("request-latency-max", TimeUnit.NANOSECONDS.toMicros(requestLatencyMaxNanos.get()) / 1000.0);
        m.put("record-retry-total", (double) retries.sum());
        m.put("record-error-total", (double) errors.sum());
        long throttled = throttledResponses.sum();
        m.put("produce-throttle-time-avg", throttled == 0 ? 0.0 : (double) throttleTimeMs.sum() / throttled);
        m.put("produce-throttle-time-max", (double) throttleTimeMaxMs.get());
        return m;
    }
}
