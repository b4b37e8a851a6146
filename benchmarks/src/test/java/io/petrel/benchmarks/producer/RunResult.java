package io.petrel.benchmarks.producer;

import java.util.Map;

/**
 * One measured run: one client sending {@code records} records to a fresh topic, timed from the first
 * send to the last acknowledgement after flush().
 *
 * @param seconds          first send to last acknowledgement
 * @param sendLoopSeconds  first send until the last send() call returned (before flush)
 * @param p50Ms            send-to-ack latency percentiles, measured in the callbacks (HdrHistogram)
 * @param clientCpuSeconds CPU the benchmark JVM used during the run (the client under test, its callbacks
 *                         and what little else that JVM does)
 * @param brokerCpuSeconds CPU the broker JVM used during the run
 * @param otherCpuSeconds  CPU the rest of the machine used during the run: machine-wide busy time from
 *                         /proc/stat less the two JVMs (other sessions, builds, the kernel's writeback)
 * @param landed           records the topic held afterwards (sum of its partitions' latest offsets)
 * @param threadCpuSeconds CPU seconds per thread of the benchmark JVM during the run (digits folded to N)
 * @param clientMetrics    the client's own metrics after the run, by Kafka's names (batch-size-avg,
 *                         request-total, request-latency-avg, ...)
 */
public record RunResult(String broker, String compression, int partitions, String client, int repeat,
                        long records, int recordSize, double seconds, double sendLoopSeconds,
                        double p50Ms, double p99Ms, double p999Ms, double maxMs,
                        double clientCpuSeconds, long clientGcMillis, double brokerCpuSeconds,
                        double otherCpuSeconds, double load1, long errors, String firstError, long landed,
                        Map<String, Double> threadCpuSeconds, Map<String, Double> clientMetrics) {

    public double recordsPerSecond() {
        return records / seconds;
    }

    /** MB/s as ProducerPerformance counts it: record values only, MB = 1024 * 1024 bytes. */
    public double megabytesPerSecond() {
        return recordsPerSecond() * recordSize / (1024.0 * 1024.0);
    }

    public double clientCpuMicrosPerRecord() {
        return clientCpuSeconds * 1e6 / records;
    }

    public double brokerCpuMicrosPerRecord() {
        return brokerCpuSeconds * 1e6 / records;
    }

    /** The client metric, or NaN. */
    public double metric(String name) {
        Double v = clientMetrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /** No record failed and the topic holds every record. */
    public boolean ok() {
        return errors == 0 && landed == records;
    }
}
