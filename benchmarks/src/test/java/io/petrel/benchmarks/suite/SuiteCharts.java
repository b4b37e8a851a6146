package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.suite.SuiteResults.LatencyRun;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's plots, by file name: grouped bars of producer records/s per cell (one chart per record size)
 * and of consumer records/s per broker, each group labelled with Petrel / kafka-clients; latency percentiles
 * per rate and broker on a log axis (one chart per client); broker start and RSS. A chart whose part did not
 * run is left out.
 */
public final class SuiteCharts {
    private static final String P = SuiteResults.PETREL;
    private static final String K = SuiteResults.KAFKA_CLIENTS;

    private SuiteCharts() {
    }

    public static Map<String, SvgBarChart> of(SuiteFigures f) {
        Map<String, SvgBarChart> charts = new LinkedHashMap<>();
        List<ProducerCell> cells = f.producerCells();
        for (int size : cells.stream().map(ProducerCell::recordSize).distinct().toList()) {
            SvgBarChart chart = new SvgBarChart("Producer throughput, " + SuiteResults.sizeLabel(size)
                    + " records (labels: Petrel / kafka-clients on broker-stub | on Kafka)", "records/s",
                    List.of("broker-stub, " + P, "broker-stub, " + K, "Kafka, " + P, "Kafka, " + K), false);
            for (ProducerCell c : cells.stream().filter(c -> c.recordSize() == size).toList()) {
                chart.group("acks=" + c.acks() + "\n" + c.compression(),
                        ValueFormat.ratio(f.producerClientRatio(Kind.STUB, c)) + " | "
                                + ValueFormat.ratio(f.producerClientRatio(Kind.KAFKA, c)),
                        f.producerRate(Kind.STUB, c, P), f.producerRate(Kind.STUB, c, K),
                        f.producerRate(Kind.KAFKA, c, P), f.producerRate(Kind.KAFKA, c, K));
            }
            charts.put(size >= 1024 ? "producer-1kib.svg" : "producer-" + size + "b.svg", chart);
        }
        if (!f.consumerRuns(Kind.STUB, K).isEmpty() || !f.consumerRuns(Kind.KAFKA, K).isEmpty()) {
            SvgBarChart chart = new SvgBarChart("Consumer throughput, 100 B records (label: Petrel / kafka-clients)",
                    "records/s", List.of(P, K), false);
            for (Kind b : Kind.values()) {
                chart.group(SuiteResults.shortName(b), ValueFormat.ratio(f.consumerClientRatio(b)),
                        f.consumerRate(b, P), f.consumerRate(b, K));
            }
            charts.put("consumer.svg", chart);
        }
        for (String clients : f.latencyClients()) {
            SvgBarChart chart = new SvgBarChart("End-to-end latency, " + clients + " producer to " + clients
                    + " consumer (label: broker-stub / Kafka at p99)", "ms (log scale)",
                    List.of("p50", "p99", "p99.9"), true);
            for (int rate : f.latencyRates()) {
                for (Kind b : Kind.values()) {
                    String note = b == Kind.STUB ? ValueFormat.ratio(Medians.ratio(
                            f.latency(Kind.STUB, clients, rate, LatencyRun::p99Ms),
                            f.latency(Kind.KAFKA, clients, rate, LatencyRun::p99Ms))) : "";
                    chart.group(SuiteResults.rate(rate) + "\n" + SuiteResults.shortName(b), note,
                            f.latency(b, clients, rate, LatencyRun::p50Ms), f.latency(b, clients, rate, LatencyRun::p99Ms),
                            f.latency(b, clients, rate, LatencyRun::p999Ms));
                }
            }
            charts.put("latency-" + clients.toLowerCase(java.util.Locale.ROOT) + ".svg", chart);
        }
        if (!f.brokerStarts(Kind.STUB).isEmpty()) {
            SvgBarChart start = new SvgBarChart("Broker start: process launch to first acknowledged record;"
                    + " in-process: Broker.start() to first answer", "seconds", List.of("start"), false);
            for (Kind b : Kind.values()) {
                start.group(SuiteResults.shortName(b) + "\nprocess", "", f.brokerStart(b, SuiteResults.BrokerStart::firstAckSeconds));
            }
            start.group("broker-stub in-process\nfresh JVM", "", f.inProcessColdSeconds());
            start.group("broker-stub in-process\nwarm JVM", "", f.inProcessWarmSeconds());
            if (!f.launcherStarts(true).isEmpty()) {
                start.group("./petrel broker\nno CDS archive", "",
                        f.launcherStart(false, SuiteResults.LauncherStart::firstAckSeconds));
                start.group("./petrel broker\nCDS archive", "",
                        f.launcherStart(true, SuiteResults.LauncherStart::firstAckSeconds));
            }
            charts.put("startup.svg", start);
            SvgBarChart rss = new SvgBarChart("Broker memory: resident set size", "MiB",
                    List.of("idle after start", "after load", "peak"), false);
            for (Kind b : Kind.values()) {
                rss.group(SuiteResults.shortName(b), "", f.brokerStart(b, SuiteResults.BrokerStart::idleRssMiB),
                        f.brokerStart(b, SuiteResults.BrokerStart::loadedRssMiB),
                        f.brokerStart(b, SuiteResults.BrokerStart::peakRssMiB));
            }
            charts.put("rss.svg", rss);
        }
        return charts;
    }
}
