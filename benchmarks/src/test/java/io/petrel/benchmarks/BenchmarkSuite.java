package io.petrel.benchmarks;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Machine;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.suite.ConsumerClient;
import io.petrel.benchmarks.suite.ConsumerClients;
import io.petrel.benchmarks.suite.SuiteCharts;
import io.petrel.benchmarks.suite.SuiteFigures;
import io.petrel.benchmarks.suite.SuiteOptions.Part;
import io.petrel.benchmarks.suite.SuiteOptions;
import io.petrel.benchmarks.suite.SuiteParts;
import io.petrel.benchmarks.suite.SuiteReport;
import io.petrel.benchmarks.suite.SuiteResults;
import io.petrel.benchmarks.suite.ScaleCharts;
import io.petrel.benchmarks.suite.SvgBarChart;
import io.petrel.benchmarks.suite.SvgLineChart;
import io.petrel.testsupport.ClassPathSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Petrel's side-by-side benchmark suite (issue #7), the one command behind {@code benchmarks/run-suite.sh}:
 * starts broker-stub and a real Apache Kafka 4.3.1, each in a JVM of its own with the same heap, and measures
 * on identical workloads producer throughput (Petrel's producer and kafka-clients' against each broker, for
 * every record size x acks x compression), broker-bound ingest (the same pre-encoded Produce requests to
 * both brokers, no client in the way), consumer throughput, end-to-end latency at fixed rates, broker
 * start and memory, producer and consumer throughput over TLS beside PLAINTEXT on one Apache Kafka, and how
 * throughput and memory scale with partitions, clients and record size; then writes {@code report.md} and its SVG charts to {@code --out} (docs/benchmarks).
 *
 * <p>Each part can run alone ({@code --only}); {@code --quick} is a few-minute smoke run. A part that fails is
 * reported as such and the others still run, so one broken piece does not lose half an hour of figures.
 * The measuring is done by the part classes in {@code io.petrel.benchmarks.suite} and by the producer
 * benchmark's {@code io.petrel.benchmarks.producer} package, which this class only sequences.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // The first-ack probe connects before the broker listens: kafka-clients warns at every refused attempt.
        String networkClient = "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient";
        if (System.getProperty(networkClient) == null) {
            System.setProperty(networkClient, "error");
        }
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SuiteResults results = new SuiteResults();
        long t0 = System.nanoTime();
        results.started = now();
        results.loadBefore = Machine.loadAverage();
        results.command = System.getProperty("petrel.bench.command",
                "java -cp ... " + BenchmarkSuite.class.getName() + " " + String.join(" ", args));
        results.facts.addAll(Machine.facts());
        String revision = System.getProperty("petrel.bench.revision");
        if (revision != null) {
            results.facts.add(0, "checkout: " + revision);
        }
        System.out.println("Petrel benchmark suite, " + results.started + (options.quick() ? " (quick)" : ""));
        results.facts.forEach(f -> System.out.println("  " + f));
        ClassPathSnapshot.preloadClasses();

        List<ConsumerClient> consumers = ConsumerClients.all();
        QuietMachine quiet = new QuietMachine(options.quietBelowCores(), options.quietWait());
        SuiteParts parts = new SuiteParts(options, results, quiet, consumers);
        if (options.runs(Part.STARTUP)) {
            attempt(results, "startup", parts::startup);
        }
        if (options.runs(Part.PRODUCER) || options.runs(Part.CONSUMER) || options.runs(Part.LATENCY)
                || options.runs(Part.SCALE) || options.runs(Part.INGEST)) {
            attempt(results, "throughput and latency", () -> againstBothBrokers(options, results, parts));
        }
        if (options.runs(Part.TLS)) {
            attempt(results, "tls", parts::tls);
        }
        results.loadAfter = Machine.loadAverage();
        results.finished = now();
        results.minutes = (System.nanoTime() - t0) / 60e9;
        results.facts.add(String.format(Locale.ROOT, "quiet-machine wait: %.0f s in all; %d run(s) started with the"
                        + " rest of the machine still above %.2f cores after %d s", quiet.waitedSeconds(),
                quiet.startedBusy(), quiet.belowCores(), quiet.maxWait().toSeconds()));
        write(options, results);
    }

    /** Starts both brokers and runs the parts that share them. */
    private static void againstBothBrokers(SuiteOptions options, SuiteResults results, SuiteParts parts)
            throws Exception {
        try (BrokerProcess stub = BrokerProcess.start(Kind.STUB, options.brokerJvmOptions());
             BrokerProcess kafka = BrokerProcess.start(Kind.KAFKA, options.brokerJvmOptions())) {
            List<BrokerProcess> brokers = List.of(stub, kafka);
            for (BrokerProcess b : brokers) {
                System.out.printf(Locale.ROOT, "%s: pid %d, ready in %.1f s, RSS %.0f MiB%n", b.name(), b.pid(),
                        b.startSeconds(), b.rssMiB());
            }
            if (options.runs(Part.PRODUCER)) {
                attempt(results, "producer", () -> parts.producer(brokers));
            }
            if (options.runs(Part.INGEST)) {
                attempt(results, "ingest", () -> parts.ingest(brokers));
            }
            if (options.runs(Part.CONSUMER)) {
                attempt(results, "consumer", () -> parts.consumer(brokers));
            }
            if (options.runs(Part.LATENCY)) {
                attempt(results, "latency", () -> parts.latency(brokers));
            }
            if (options.runs(Part.SCALE)) {
                attempt(results, "scale", () -> parts.scale(brokers));
            }
            for (BrokerProcess b : brokers) {
                results.facts.add(String.format(Locale.ROOT, "%s JVM of the throughput and latency parts: RSS"
                        + " %.0f MiB at the end, peak %.0f MiB", b.name(), b.rssMiB(), b.peakRssMiB()));
            }
        }
    }

    /** A part of the suite that may throw. */
    @FunctionalInterface
    private interface PartRun {
        void run() throws Exception;
    }

    private static void attempt(SuiteResults results, String part, PartRun run) {
        try {
            run.run();
        } catch (Exception e) {
            System.err.println("The " + part + " part failed:");
            e.printStackTrace();
            results.warnings.add("The " + part + " part failed and is incomplete: " + e);
        }
    }

    private static void write(SuiteOptions options, SuiteResults results) throws Exception {
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out);
        Map<String, SvgBarChart> charts = SuiteCharts.of(new SuiteFigures(results));
        for (Map.Entry<String, SvgBarChart> c : charts.entrySet()) {
            Files.writeString(out.resolve(c.getKey()), c.getValue().render());
        }
        Map<String, SvgLineChart> scaleCharts = ScaleCharts.of(results);
        for (Map.Entry<String, SvgLineChart> c : scaleCharts.entrySet()) {
            Files.writeString(out.resolve(c.getKey()), c.getValue().render());
        }
        Set<String> written = new LinkedHashSet<>(charts.keySet());
        written.addAll(scaleCharts.keySet());
        String report = new SuiteReport(results, options, written).render();
        Files.writeString(out.resolve("report.md"), report);
        System.out.println();
        System.out.println(report.substring(0, report.indexOf("## How it was measured")));
        System.out.println("Written: " + out.resolve("report.md") + " and " + written);
    }

    private static String now() {
        return ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
