package io.petrel.benchmarks.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The suite's settings: the full run (about 20-25 minutes on a 2-core machine) or {@code --quick} (a few minutes,
 * to prove the pipeline), which parts run ({@code --only}), where the report goes, and the few knobs worth
 * turning from the command line. Record counts follow from the mode; the report states them.
 */
public record SuiteOptions(boolean quick, Set<Part> parts, Path out, List<String> brokerJvmOptions,
                           int producerRecords100, int producerRecords1k, int producerRepeats,
                           int consumerRecords, int consumerRepeats,
                           List<Integer> latencyRates, Duration latencyWarmup, Duration latencyMeasured,
                           int latencyRepeats, int brokerStarts, int brokerLoadRecords, int coldStarts, int warmStarts,
                           Duration pauseBetweenRuns, double quietBelowCores, Duration quietWait) {

    /** The parts of the suite, each runnable alone. */
    public enum Part {
        PRODUCER, CONSUMER, LATENCY, STARTUP,
        /** Producer and consumer throughput over TLS beside PLAINTEXT, on one Apache Kafka. */
        TLS,
        /** How throughput and memory grow with partitions, clients and record size ({@link ScaleSettings}). */
        SCALE,
        /** Broker-bound ingest: pre-encoded Produce requests from a load generator of no CPU to speak of ({@link IngestSettings}). */
        INGEST;

        static Part parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--only takes producer, consumer, latency, startup, tls, scale or ingest"
                        + " (comma-separated), not '" + s + "'", e);
            }
        }
    }

    /** The record sizes, acks and compressions of the producer matrix. */
    public static final List<Integer> RECORD_SIZES = List.of(100, 1024);
    public static final List<String> ACKS = List.of("1", "all");
    public static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd");

    public static final String USAGE = "usage: run-suite.sh [--quick]"
            + " [--only producer,consumer,latency,startup,tls,scale,ingest] [--out DIR] [--broker-jvm-opts \"-Xmx1g\"] [--repeats N] [--quiet-below CORES] [--quiet-wait SECONDS]";

    public static SuiteOptions parse(String... args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        SuiteOptions o = quick ? quickRun() : fullRun();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--only" -> o = o.withParts(parseParts(value(args, ++i, a)));
                case "--out" -> o = o.withOut(Path.of(value(args, ++i, a)));
                case "--broker-jvm-opts" -> o = o.withBrokerJvmOptions(List.of(value(args, ++i, a).trim().split("\\s+")));
                case "--repeats" -> o = o.withRepeats(positive(value(args, ++i, a), a));
                case "--quiet-below" -> o = o.withQuiet(Double.parseDouble(value(args, ++i, a)), o.quietWait());
                case "--quiet-wait" -> o = o.withQuiet(o.quietBelowCores(),
                        Duration.ofSeconds(positive(value(args, ++i, a), a)));
                default -> throw new IllegalArgumentException("Unknown argument '" + a + "'. " + USAGE);
            }
        }
        return o;
    }

    /**
     * About 20-25 minutes on 2 cores: a producer run of 2 M x 100 B or 0.5 M x 1 KiB lasts 1-3 s there (shorter
     * runs measured the JIT and the first batch more than the steady state), 4 repeats of the 4 client x broker
     * cells for each of the 12 producer cells; the consumer reads ConsumerPerformance's 3 M records (about half
     * a second a run) 4 times; 3 repeats of 12 s at each latency rate; 4 launches of each broker. Even repeat
     * counts for throughput, so that each order of the compared runs comes up equally often; an odd count for
     * latency, whose tail is what a noisy neighbour moves most: with two repeats the "median" was the mean of a
     * quiet and a loaded run (a 0.75 ms and a 32.6 ms p99 reported as 16.7 ms), with three it is a run. The latency
     * part leaves out the samples a machine stall touched ({@link StallMask}), counts only runs that kept enough of
     * their samples, and repeats, up to twice, until each cell has its count of those.
     */
    static SuiteOptions fullRun() {
        return new SuiteOptions(false, EnumSet.allOf(Part.class), Path.of("docs", "benchmarks"), List.of("-Xmx1g"),
                2_000_000, 500_000, 4, 3_000_000, 4,
                List.of(1_000, 10_000, 50_000), Duration.ofSeconds(2), Duration.ofSeconds(10), 3,
                4, 1_000_000, 5, 10,
                Duration.ofMillis(500), 0.25, Duration.ofSeconds(3));
    }

    /** A few minutes: every part and cell once, small counts, no waiting for a quiet machine. */
    static SuiteOptions quickRun() {
        return new SuiteOptions(true, EnumSet.allOf(Part.class), Path.of("docs", "benchmarks"), List.of("-Xmx1g"),
                100_000, 20_000, 1, 500_000, 1,
                List.of(1_000, 10_000, 50_000), Duration.ofSeconds(1), Duration.ofSeconds(3), 1,
                1, 300_000, 2, 5,
                Duration.ofMillis(200), 0.25, Duration.ZERO);
    }

    /**
     * Reads of the consumer part's topic in one measured run, back to back, which follows from the mode alone:
     * four in the full run make a run about 2-3 s instead of one read's half second, for about a minute more
     * in all (16 runs x 3 reads more).
     */
    public int consumerPasses() {
        return quick ? 2 : 4;
    }

    /** The broker-bound ingest part's load, which follows from the mode alone. */
    public IngestSettings ingest() {
        return quick ? IngestSettings.quickRun() : IngestSettings.fullRun();
    }

    /** The scale part's counts, which follow from the mode alone. */
    public ScaleSettings scale() {
        return quick ? ScaleSettings.quickRun() : ScaleSettings.fullRun();
    }

    public boolean runs(Part part) {
        return parts.contains(part);
    }

    /** Producer records per run for a record size. */
    public int producerRecords(int recordSize) {
        return recordSize >= 1024 ? producerRecords1k : producerRecords100;
    }

    /**
     * Unmeasured records each producer sends first, per broker, record size and compression: a whole run's
     * worth, as a shorter warm-up left the first cell measuring the JIT compiler.
     */
    public int producerWarmupRecords(int recordSize) {
        return producerRecords(recordSize);
    }

    private static Set<Part> parseParts(String list) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String p : list.split(",")) {
            parts.add(Part.parse(p));
        }
        return parts;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value. " + USAGE);
        }
        return args[i];
    }

    private static int positive(String v, String option) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a positive whole number, not '" + v + "'", e);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " takes a positive whole number, not " + n);
        }
        return n;
    }

    SuiteOptions withParts(Set<Part> p) {
        return new SuiteOptions(quick, EnumSet.copyOf(p), out, brokerJvmOptions, producerRecords100, producerRecords1k,
                producerRepeats, consumerRecords, consumerRepeats, latencyRates, latencyWarmup, latencyMeasured,
                latencyRepeats, brokerStarts, brokerLoadRecords, coldStarts, warmStarts, pauseBetweenRuns,
                quietBelowCores, quietWait);
    }

    SuiteOptions withOut(Path o) {
        return new SuiteOptions(quick, parts, o, brokerJvmOptions, producerRecords100, producerRecords1k,
                producerRepeats, consumerRecords, consumerRepeats, latencyRates, latencyWarmup, latencyMeasured,
                latencyRepeats, brokerStarts, brokerLoadRecords, coldStarts, warmStarts, pauseBetweenRuns,
                quietBelowCores, quietWait);
    }

    SuiteOptions withBrokerJvmOptions(List<String> jvm) {
        return new SuiteOptions(quick, parts, out, List.copyOf(jvm), producerRecords100, producerRecords1k,
                producerRepeats, consumerRecords, consumerRepeats, latencyRates, latencyWarmup, latencyMeasured,
                latencyRepeats, brokerStarts, brokerLoadRecords, coldStarts, warmStarts, pauseBetweenRuns,
                quietBelowCores, quietWait);
    }

    /** The same number of interleaved repeats for every part. */
    SuiteOptions withRepeats(int r) {
        return new SuiteOptions(quick, parts, out, brokerJvmOptions, producerRecords100, producerRecords1k,
                r, consumerRecords, r, latencyRates, latencyWarmup, latencyMeasured,
                r, r, brokerLoadRecords, coldStarts, warmStarts, pauseBetweenRuns,
                quietBelowCores, quietWait);
    }

    SuiteOptions withQuiet(double below, Duration wait) {
        return new SuiteOptions(quick, parts, out, brokerJvmOptions, producerRecords100, producerRecords1k,
                producerRepeats, consumerRecords, consumerRepeats, latencyRates, latencyWarmup, latencyMeasured,
                latencyRepeats, brokerStarts, brokerLoadRecords, coldStarts, warmStarts, pauseBetweenRuns,
                below, wait);
    }
}
