package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one run of the suite measured, part by part, plus the facts the report states about the run
 * (machine, load, command). The parts append as they go; the report reads it at the end.
 */
public final class SuiteResults {
    /** The two clients, as every table names them. */
    public static final String PETREL = "Petrel";
    public static final String KAFKA_CLIENTS = "kafka-clients";

    public final List<ProducerRun> producerRuns = new ArrayList<>();
    public final List<ConsumerRun> consumerRuns = new ArrayList<>();
    public final List<LatencyRun> latencyRuns = new ArrayList<>();
    public final List<BrokerStart> brokerStarts = new ArrayList<>();
    public final List<TlsRun> tlsRuns = new ArrayList<>();
    /** The broker-bound ingest part's runs (pre-encoded Produce requests, no client). */
    public final List<IngestRun> ingestRuns = new ArrayList<>();
    /** The scale part's measured points, every curve in one list (see {@link ScaleCurve}). */
    public final List<ScalePoint> scalePoints = new ArrayList<>();
    public InProcessStart inProcessStart;
    public final List<LauncherStart> launcherStarts = new ArrayList<>();
    /** Facts about the run printed under "Machine and load", in order. */
    public final List<String> facts = new ArrayList<>();
    /** What did not run or went wrong, printed near the top so it cannot be missed. */
    public final List<String> warnings = new ArrayList<>();
    public String started = "";
    public String finished = "";
    public double minutes = Double.NaN;
    public String loadBefore = "";
    public String loadAfter = "";
    public String command = "";

    /** A producer cell: what is the same for all four client x broker runs compared in it. */
    public record ProducerCell(int recordSize, String acks, String compression) {
        /** "100 B, acks=1, lz4". */
        public String label() {
            return sizeLabel(recordSize) + ", acks=" + acks + ", " + compression;
        }
    }

    /**
     * One run of the broker-bound ingest load ({@link IngestLoad}): {@code records} acknowledged in {@code seconds},
     * {@code landed} the log end offsets summed afterwards (ListOffsets), and the CPU seconds of the broker JVM and
     * of the load generator's threads over the run. {@code error}: why the run failed, or null.
     */
    public record IngestRun(Kind broker, int recordSize, String acks, int repeat, long records, long requests,
                            long landed, double seconds, double brokerCpuSeconds, double generatorCpuSeconds,
                            String error) {
        public boolean ok() {
            return error == null && records > 0 && landed == records;
        }

        public double recordsPerSecond() {
            return ok() ? records / seconds : Double.NaN;
        }

        public double megabytesPerSecond() {
            return recordsPerSecond() * recordSize / 1e6;
        }

        public double brokerCpuMicrosPerRecord() {
            return ok() ? brokerCpuSeconds * 1e6 / records : Double.NaN;
        }

        public double generatorCpuMicrosPerRecord() {
            return ok() ? generatorCpuSeconds * 1e6 / records : Double.NaN;
        }
    }

    /** One measured producer run: the cell, the broker and the figures (client and repeat inside). */
    public record ProducerRun(Kind broker, ProducerCell cell, RunResult run) {
    }

    /**
     * One measured consumer run: {@code passes} reads of a topic filled beforehand, each from the beginning by a
     * fresh consumer and timed from its first poll to the poll that returned its last record; {@code records},
     * {@code seconds}, the CPU figures and {@code bytes} add up over the passes.
     */
    public record ConsumerRun(Kind broker, String client, int repeat, int passes, long records, int recordSize,
                              double seconds, double clientCpuSeconds, double brokerCpuSeconds, double otherCpuSeconds,
                              long bytes, String error) {
        /** This run followed by {@code next}, a pass of the same client, broker and repeat: failed if either failed. */
        public ConsumerRun plus(ConsumerRun next) {
            return new ConsumerRun(broker, client, repeat, passes + next.passes, records + next.records, recordSize,
                    seconds + next.seconds, clientCpuSeconds + next.clientCpuSeconds,
                    brokerCpuSeconds + next.brokerCpuSeconds, otherCpuSeconds + next.otherCpuSeconds,
                    bytes + next.bytes, error != null ? error : next.error);
        }

        public double recordsPerSecond() {
            return ok() ? records / seconds : Double.NaN;
        }

        /** The client JVM's CPU microseconds per record read (client, poll loop, GC and JIT threads). */
        public double clientCpuMicrosPerRecord() {
            return ok() ? clientCpuSeconds * 1e6 / records : Double.NaN;
        }

        /** Value bytes per second, MB = 2^20 B, as ConsumerPerformance counts them. */
        public double megabytesPerSecond() {
            return ok() ? bytes / seconds / (1024.0 * 1024.0) : Double.NaN;
        }

        public boolean ok() {
            return error == null;
        }
    }

    /**
     * One end-to-end latency run at a fixed rate: latency from just before send() to the consumer's poll
     * returning the record, over the records after the warm-up. {@code measured}: the samples that arrived,
     * {@code masked}: how many of them a machine stall touched ({@link StallMask}), left out of the percentiles,
     * which are of the rest. {@code otherCores}: the cores the rest of the machine (neither this JVM nor a broker)
     * kept busy on average while it sent. {@code stallMs}: the longest machine stall in the measured window
     * ({@link MachineStalls}: a probe thread's late wake-up that no GC pause of this JVM explains, or a burst of one
     * CPU's steal), {@code stealMs}: the CPU time the host took from this VM's CPUs in it. {@code clientJitMs}
     * and {@code brokerJitMs}: the CPU time of the JIT compiler threads of this JVM and of the broker's JVM in the
     * measured window ({@link CompilerCpu}; NaN without {@code /proc}), which shows a run that measured code still
     * being compiled.
     */
    public record LatencyRun(Kind broker, String clients, int targetRate, int repeat, long measured, long masked,
                             long lost, double achievedRate, double p50Ms, double p99Ms, double p999Ms, double maxMs,
                             double otherCores, double stallMs, double stealMs, double clientJitMs,
                             double brokerJitMs, String error) {
        public boolean ok() {
            return error == null && lost == 0;
        }

        /** The share of the measured samples left out for machine stalls, 0 to 1 (NaN when none was measured). */
        public double maskedShare() {
            return measured == 0 ? Double.NaN : (double) masked / measured;
        }

        /**
         * Counted in the medians: complete, and at least {@link StallMask#MIN_KEPT_SHARE} of its samples kept. The
         * same rule for every client and broker.
         */
        public boolean counted() {
            return ok() && StallMask.counts(measured, masked);
        }
    }

    /**
     * One broker JVM launch: time to the first acknowledged record, and its RSS idle after that and under load.
     */
    public record BrokerStart(Kind broker, int repeat, double firstAckSeconds, double idleRssMiB, double loadedRssMiB,
                              double peakRssMiB) {
    }

    /** How a TLS part's run reached the broker. */
    public enum Transport {
        PLAINTEXT, TLS
    }

    /** Which client the TLS part measured. */
    public enum Side {
        PRODUCER, CONSUMER
    }

    /**
     * One measured run of the TLS part: a producer's or a consumer's throughput over one transport, against one
     * Apache Kafka that serves both, so the only difference between a PLAINTEXT and a TLS run is the transport.
     * {@code otherCores}: the cores the rest of the machine (neither this JVM nor the broker) kept busy meanwhile.
     */
    public record TlsRun(Side side, Transport transport, String client, int repeat, double recordsPerSecond,
                         double megabytesPerSecond, double otherCores, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * The curves of the scale part: what varies along x, and what each point's value is. The broker curves
     * have no client (an empty client name).
     */
    public enum ScaleCurve {
        PARTITIONS_PRODUCE("partitions per topic", "records/s"),
        PARTITIONS_CONSUME("partitions per topic", "records/s"),
        PRODUCER_HEAP("partitions per topic", "MiB"),
        CONSUMER_HEAP("partitions per topic", "MiB"),
        PRODUCERS_ONE_JVM("producers, threads of one JVM", "records/s"),
        PRODUCERS_OWN_JVMS("producers, one JVM each", "records/s"),
        CONSUMERS_IN_GROUP("consumers in one group", "records/s"),
        RECORD_SIZE("record size, B", "records/s"),
        BROKER_RSS_PARTITIONS("partitions on the broker", "MiB"),
        BROKER_RSS_CONNECTIONS("open connections", "MiB");

        private final String xLabel;
        private final String unit;

        ScaleCurve(String xLabel, String unit) {
            this.xLabel = xLabel;
            this.unit = unit;
        }

        public String xLabel() {
            return xLabel;
        }

        public String unit() {
            return unit;
        }

        /** True for the curves about the broker alone (no client compared). */
        public boolean brokerOnly() {
            return this == BROKER_RSS_PARTITIONS || this == BROKER_RSS_CONNECTIONS;
        }
    }

    /**
     * One measured point of a scale curve: {@code value} in the curve's unit (records/s, or MiB of client heap
     * or broker RSS), {@code megabytesPerSecond} for throughput points (values only, MB = 2^20 B), else NaN.
     * {@code client} is empty on the broker-only curves.
     */
    public record ScalePoint(ScaleCurve curve, Kind broker, String client, long x, int repeat, double value,
                             double megabytesPerSecond, String error) {
        public boolean ok() {
            return error == null && Double.isFinite(value);
        }

        public static ScalePoint failed(ScaleCurve curve, Kind broker, String client, long x, int repeat,
                                        String error) {
            return new ScalePoint(curve, broker, client, x, repeat, Double.NaN, Double.NaN, error);
        }
    }

    /** broker-stub started in-process ({@code Broker.start} to first ApiVersions answered), in ms. */
    public record InProcessStart(List<Double> coldMs, List<Double> warmMs) {
    }

    /**
     * One {@code ./petrel broker} launch: the wall time from the script's launch to the first acknowledged record,
     * and the CPU its JVM had used by then; {@code cds}: with the launcher's class-data-sharing archive.
     */
    public record LauncherStart(boolean cds, double firstAckSeconds, double cpuSeconds) {
    }

    /** "100 B" or "1 KiB". */
    public static String sizeLabel(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** The broker as a table names it: "broker-stub" or "Kafka". */
    public static String shortName(Kind broker) {
        return broker == Kind.STUB ? "broker-stub" : "Kafka";
    }

    static String rate(int perSecond) {
        return perSecond % 1000 == 0 ? perSecond / 1000 + " k/s" : String.format(Locale.ROOT, "%d/s", perSecond);
    }
}
