package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.BrokerStart;
import io.petrel.benchmarks.suite.SuiteResults.LauncherStart;
import io.petrel.benchmarks.suite.SuiteFigures.IngestCell;
import io.petrel.benchmarks.suite.SuiteResults.ConsumerRun;
import io.petrel.benchmarks.suite.SuiteResults.IngestRun;
import io.petrel.benchmarks.suite.SuiteResults.LatencyRun;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ProducerRun;
import io.petrel.benchmarks.suite.SuiteResults.Side;
import io.petrel.benchmarks.suite.SuiteResults.TlsRun;
import io.petrel.benchmarks.suite.SuiteResults.Transport;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The suite's markdown report: the team's targets with met / missed first, then per part a chart, a table of
 * medians with the ratios (Petrel / kafka-clients on each broker, broker-stub / Kafka with each client) and
 * each target beside the figure it judges, then how it was measured, the machine, the command and every run.
 */
public final class SuiteReport {
    static final Target PRODUCER_CLIENT = Target.atLeast("Petrel's producer / kafka-clients', same broker", 1.3, "x");
    static final Target CONSUMER_CLIENT = Target.atLeast("Petrel's consumer / kafka-clients', same broker", 1.5, "x");
    static final Target CLIENT_P99 = Target.atMost("end-to-end p99 at 10 k records/s, Petrel's clients / kafka-clients', same broker",
            1.0, "x");
    static final Target BROKER_INGEST = Target.atLeast("broker-stub ingest / Apache Kafka's, same client", 1.5, "x");
    static final Target BROKER_INGEST_PER_CPU = Target.atLeast(
            "broker-stub ingest per broker CPU-second / Apache Kafka's, same client", 1.5, "x");
    static final Target LATENCY_P99 = Target.atMost("end-to-end p99 at 10 k records/s, broker-stub / Apache Kafka",
            0.5, "x");
    static final Target IN_PROCESS_START = Target.atMost("broker-stub start in-process", 0.1, " s");
    static final Target LAUNCHER_FIRST_ACK = Target.atMost("`./petrel broker` launch to first acknowledged record",
            0.3, " s");
    static final Target TLS_RATIO = Target.atLeast("Petrel / kafka-clients over TLS, relative to the same over PLAINTEXT",
            1.0, "x");
    static final int TARGET_RATE = 10_000;

    private static final String P = SuiteResults.PETREL;
    private static final String K = SuiteResults.KAFKA_CLIENTS;

    private final SuiteResults results;
    private final SuiteOptions options;
    private final SuiteFigures f;
    private final Set<String> charts;

    /** @param charts the chart files written beside the report, to link */
    public SuiteReport(SuiteResults results, SuiteOptions options, Set<String> charts) {
        this.results = results;
        this.options = options;
        this.f = new SuiteFigures(results);
        this.charts = charts;
    }

    public String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Petrel beside Apache Kafka 4.3.1: benchmark suite\n\n");
        md.append(String.format(Locale.ROOT, "%s run, %s to %s (%.1f min). Petrel's clients and broker-stub from this"
                        + " checkout beside kafka-clients 4.3.1 and Apache Kafka 4.3.1; each broker in a JVM of its own"
                        + " with `%s`, the clients in the benchmark JVM. Medians over the repeats; the commands and"
                        + " counts are under [How it was measured](#how-it-was-measured).%n%n",
                options.quick() ? "**Quick (smoke)**" : "Full", results.started, results.finished, results.minutes,
                String.join(" ", options.brokerJvmOptions())));
        if (options.quick()) {
            md.append("> A `--quick` run: small counts, one repeat, no waiting for a quiet machine. It proves the"
                    + " pipeline; its figures are rough.\n\n");
        }
        for (String w : results.warnings) {
            md.append("> **Note:** ").append(w).append("\n\n");
        }
        targets(md);
        producer(md);
        ingest(md);
        consumer(md);
        latency(md);
        startup(md);
        tls(md);
        new ScaleSection(results, options, charts).render(md);
        method(md);
        machine(md);
        allRuns(md);
        return md.toString();
    }

    // --- targets ---

    private void targets(StringBuilder md) {
        md.append("## Targets\n\n");
        MarkdownTable t = new MarkdownTable("target", "where", ">figure", ">bound", "verdict", "cells met");
        List<ProducerCell> cells = f.producerCells();
        for (Kind b : Kind.values()) {
            everyCellTarget(t, PRODUCER_CLIENT, "producer, on " + SuiteResults.shortName(b), cells.stream()
                    .map(c -> f.producerClientRatio(b, c)).toList());
        }
        for (String client : List.of(P, K)) {
            ratioTarget(t, BROKER_INGEST, "producer, with " + client, cells.stream()
                    .map(c -> f.producerBrokerRatio(c, client)).toList());
        }
        for (String client : List.of(P, K)) {
            ratioTarget(t, BROKER_INGEST_PER_CPU, "producer, with " + client, cells.stream()
                    .map(c -> f.producerBrokerCpuRatio(c, client)).toList());
        }
        List<IngestCell> ingestCells = f.ingestCells();
        if (!ingestCells.isEmpty()) {
            ratioTarget(t, BROKER_INGEST, "broker-bound load, no client", ingestCells.stream()
                    .map(f::ingestBrokerRatio).toList());
            ratioTarget(t, BROKER_INGEST_PER_CPU, "broker-bound load, no client", ingestCells.stream()
                    .map(f::ingestBrokerCpuRatio).toList());
        }
        if (!results.consumerRuns.isEmpty()) {
            for (Kind b : Kind.values()) {
                double r = f.consumerClientRatio(b);
                t.row(CONSUMER_CLIENT.what(), "consumer, on " + SuiteResults.shortName(b), ValueFormat.ratio(r),
                        CONSUMER_CLIENT.bound(), CONSUMER_CLIENT.judge(r).text(), repeatSpread(f.consumerRepeatRatios(b)));
            }
        }
        if (f.latencyClients().containsAll(List.of(P, K))) {
            for (Kind b : Kind.values()) {
                double r = Medians.ratio(f.latency(b, P, TARGET_RATE, LatencyRun::p99Ms),
                        f.latency(b, K, TARGET_RATE, LatencyRun::p99Ms));
                t.row(CLIENT_P99.what(), "on " + SuiteResults.shortName(b), ValueFormat.ratio(r), CLIENT_P99.bound(),
                        CLIENT_P99.judge(r).text(), runsCounted(b, P, b, K));
            }
        }
        for (String clients : f.latencyClients()) {
            double r = p99Ratio(clients, clients);
            t.row(LATENCY_P99.what(), clients + " producer and consumer on both", ValueFormat.ratio(r),
                    LATENCY_P99.bound(), LATENCY_P99.judge(r).text(),
                    runsCounted(Kind.STUB, clients, Kind.KAFKA, clients));
        }
        if (f.latencyClients().containsAll(List.of(P, K))) {
            double r = p99Ratio(P, K);
            t.row("end-to-end p99 at 10 k records/s, Petrel on broker-stub / kafka-clients on Apache Kafka",
                    "whole stack against whole stack", ValueFormat.ratio(r), LATENCY_P99.bound(),
                    LATENCY_P99.judge(r).text(), runsCounted(Kind.STUB, P, Kind.KAFKA, K));
        }
        double cold = f.inProcessColdSeconds();
        double warm = f.inProcessWarmSeconds();
        t.row(IN_PROCESS_START.what(), "first start in a fresh JVM", seconds(cold), IN_PROCESS_START.bound(),
                IN_PROCESS_START.judge(cold).text(), "");
        t.row(IN_PROCESS_START.what(), "again in a warm JVM", seconds(warm), IN_PROCESS_START.bound(),
                IN_PROCESS_START.judge(warm).text(), "");
        for (boolean cds : List.of(false, true)) {
            double s = f.launcherStart(cds, LauncherStart::firstAckSeconds);
            t.row(LAUNCHER_FIRST_ACK.what(), cds ? "with the launcher's CDS archive" : "without it (`PETREL_CDS=off`)",
                    seconds(s), LAUNCHER_FIRST_ACK.bound(), LAUNCHER_FIRST_ACK.judge(s).text(), "");
        }
        if (!results.tlsRuns.isEmpty()) {
            for (Side side : Side.values()) {
                double r = f.tlsOverPlaintextRatio(side);
                t.row(TLS_RATIO.what(), side.name().toLowerCase(Locale.ROOT) + ", on Kafka", ValueFormat.ratio(r),
                        TLS_RATIO.bound(), TLS_RATIO.judge(r).text(), "");
            }
        }
        md.append(t.render());
        md.append("\nA producer ratio target's figure is the median over the producer cells (record size x acks x"
                + " compression) of the per-cell ratio of medians, with the lowest and highest cell in brackets;"
                + " \"cells met\" counts the cells that met the bound on their own. Petrel's producer must meet it in"
                + " every cell, so its verdict is met only when every cell is; broker-stub's ingest is judged on the"
                + " median. Ingest is given twice: as records/s, where the client under test shares the machine's"
                + " cores with the broker and bounds the rate whichever broker runs (a broker costing nothing would"
                + " only remove the broker's share), and as records per CPU-second of the broker JVM, what each"
                + " broker could take in per core. The broker-bound load (see [Broker-bound ingest](#broker-bound-ingest))"
                + " takes the client out: a generator of near-zero CPU sends the same pre-encoded requests to both.\n\n");
    }

    /** A target every cell must meet: the row shows the median and range, the verdict judges the lowest cell. */
    private static void everyCellTarget(MarkdownTable t, Target target, String where, List<Double> perCell) {
        ratioRow(t, target, where, perCell, target.worst(perCell));
    }

    private static void ratioTarget(MarkdownTable t, Target target, String where, List<Double> perCell) {
        ratioRow(t, target, where, perCell, Medians.of(perCell));
    }

    private static void ratioRow(MarkdownTable t, Target target, String where, List<Double> perCell, double judged) {
        double median = Medians.of(perCell);
        DoubleSummaryStatistics measured = perCell.stream().filter(Double::isFinite)
                .mapToDouble(Double::doubleValue).summaryStatistics();
        long met = perCell.stream().filter(r -> target.judge(r) == Target.Verdict.MET).count();
        String range = measured.getCount() == 0 ? "" : String.format(Locale.ROOT, " (%s-%s)",
                ValueFormat.ratio(measured.getMin()), ValueFormat.ratio(measured.getMax()));
        t.row(target.what(), where, ValueFormat.ratio(median) + range, target.bound(), target.judge(judged).text(),
                measured.getCount() == 0 ? "" : met + " of " + measured.getCount());
    }

    /**
     * The latency runs at the target rate each side of a ratio counted, of those made, and the share of the counted
     * runs' samples left out for machine stalls, e.g. "runs counted 3/4, 4/6; samples left out 1.2 %, 0.4 %".
     */
    private String runsCounted(Kind b1, String clients1, Kind b2, String clients2) {
        return "runs counted " + f.countedLatencyRuns(b1, clients1, TARGET_RATE) + "/"
                + f.latencyRuns(b1, clients1, TARGET_RATE).size() + ", "
                + f.countedLatencyRuns(b2, clients2, TARGET_RATE) + "/" + f.latencyRuns(b2, clients2, TARGET_RATE).size()
                + "; samples left out " + percent(f.latencyMaskedShare(b1, clients1, TARGET_RATE)) + ", "
                + percent(f.latencyMaskedShare(b2, clients2, TARGET_RATE));
    }

    /** A share 0 to 1 as "1.2 %", or "n/a". */
    private static String percent(double share) {
        return Double.isFinite(share) ? ValueFormat.fixed(100 * share, 1) + " %" : "n/a";
    }

    /** p99 at the target rate: {@code stubClients} on broker-stub over {@code kafkaClients} on Apache Kafka. */
    private double p99Ratio(String stubClients, String kafkaClients) {
        return Medians.ratio(f.latency(Kind.STUB, stubClients, TARGET_RATE, LatencyRun::p99Ms),
                f.latency(Kind.KAFKA, kafkaClients, TARGET_RATE, LatencyRun::p99Ms));
    }

    // --- parts ---

    private void producer(StringBuilder md) {
        List<ProducerCell> cells = f.producerCells();
        if (cells.isEmpty()) {
            return;
        }
        md.append("## Producer throughput\n\n");
        chart(md, "producer-100b.svg", "Producer throughput, 100 B records");
        chart(md, "producer-1kib.svg", "Producer throughput, 1 KiB records");
        md.append("Median records/s (MB/s of values); ratios of the medians, with the median of the per-repeat ratios"
                + " in brackets; each ratio judged against its target (Petrel / kafka-clients ")
                .append(PRODUCER_CLIENT.bound()).append(", broker-stub / Kafka ").append(BROKER_INGEST.bound())
                .append(").\n\n");
        MarkdownTable t = new MarkdownTable("record", "acks", "compression", ">stub: Petrel", ">stub: kafka-clients",
                ">Petrel / kafka-clients on stub", ">Kafka: Petrel", ">Kafka: kafka-clients",
                ">Petrel / kafka-clients on Kafka", ">stub / Kafka, Petrel", ">stub / Kafka, kafka-clients");
        for (ProducerCell c : cells) {
            t.row(SuiteResults.sizeLabel(c.recordSize()), c.acks(), c.compression(),
                    rate(f.producerRate(Kind.STUB, c, P), f.producerMegabytes(Kind.STUB, c, P)),
                    rate(f.producerRate(Kind.STUB, c, K), f.producerMegabytes(Kind.STUB, c, K)),
                    judged(PRODUCER_CLIENT, f.producerClientRatio(Kind.STUB, c), f.producerClientPairRatio(Kind.STUB, c)),
                    rate(f.producerRate(Kind.KAFKA, c, P), f.producerMegabytes(Kind.KAFKA, c, P)),
                    rate(f.producerRate(Kind.KAFKA, c, K), f.producerMegabytes(Kind.KAFKA, c, K)),
                    judged(PRODUCER_CLIENT, f.producerClientRatio(Kind.KAFKA, c), f.producerClientPairRatio(Kind.KAFKA, c)),
                    judged(BROKER_INGEST, f.producerBrokerRatio(c, P), Double.NaN),
                    judged(BROKER_INGEST, f.producerBrokerRatio(c, K), Double.NaN));
        }
        md.append(t.render()).append('\n');
        producerClientCpu(md, cells);
    }

    /**
     * Client CPU per record beside the records/s table: where the broker bounds the rate (Kafka serves one
     * connection's requests one at a time), records/s is the same for both clients and only this shows what each
     * client costs. Evidence, not a target: the targets stay on records/s.
     */
    private void producerClientCpu(StringBuilder md, List<ProducerCell> cells) {
        md.append("Client CPU per record: median over the repeats of the benchmark JVM's CPU microseconds per record"
                + " in the measured run (see How it was measured); ratios kafka-clients / Petrel of the medians, the"
                + " median of the per-repeat ratios in brackets, above 1 where Petrel's producer costs less CPU."
                + " Not a target.\n\n");
        MarkdownTable t = new MarkdownTable("record", "acks", "compression", ">stub: Petrel us/record",
                ">stub: kafka-clients us/record", ">kafka-clients / Petrel on stub", ">Kafka: Petrel us/record",
                ">Kafka: kafka-clients us/record", ">kafka-clients / Petrel on Kafka");
        for (ProducerCell c : cells) {
            t.row(SuiteResults.sizeLabel(c.recordSize()), c.acks(), c.compression(),
                    ValueFormat.fixed(f.producerClientCpu(Kind.STUB, c, P), 2),
                    ValueFormat.fixed(f.producerClientCpu(Kind.STUB, c, K), 2),
                    ratioWithPairs(f.producerClientCpuRatio(Kind.STUB, c), f.producerClientCpuPairRatio(Kind.STUB, c)),
                    ValueFormat.fixed(f.producerClientCpu(Kind.KAFKA, c, P), 2),
                    ValueFormat.fixed(f.producerClientCpu(Kind.KAFKA, c, K), 2),
                    ratioWithPairs(f.producerClientCpuRatio(Kind.KAFKA, c), f.producerClientCpuPairRatio(Kind.KAFKA, c)));
        }
        md.append(t.render()).append('\n');
    }

    private void ingest(StringBuilder md) {
        List<IngestCell> cells = f.ingestCells();
        if (cells.isEmpty()) {
            return;
        }
        IngestSettings s = options.ingest();
        md.append("## Broker-bound ingest\n\n");
        md.append(String.format(Locale.ROOT, "No client: a load generator sends Produce requests encoded once before the"
                + " run (one uncompressed %d KiB record batch v2 each, no key, no idempotence) over %d connections, %d"
                + " unanswered per connection, each to its own partition, for %d s, and checks every answer says NONE;"
                + " its own CPU per record is shown, and the topic's log end offsets must equal the records"
                + " acknowledged. Median records/s (MB/s of values) and broker JVM CPU microseconds per record;"
                + " broker-stub / Kafka judged against %s.%n%n", s.batchBytes() / 1024, s.connections(), s.inFlight(),
                s.measured().toSeconds(), BROKER_INGEST.bound()));
        MarkdownTable t = new MarkdownTable("record", "acks", ">broker-stub", ">Kafka", ">stub / Kafka",
                ">stub CPU us/record", ">Kafka CPU us/record", ">per CPU-second, stub / Kafka",
                ">generator CPU us/record");
        for (IngestCell c : cells) {
            t.row(SuiteResults.sizeLabel(c.recordSize()), c.acks(),
                    rate(f.ingest(Kind.STUB, c, IngestRun::recordsPerSecond), f.ingest(Kind.STUB, c, IngestRun::megabytesPerSecond)),
                    rate(f.ingest(Kind.KAFKA, c, IngestRun::recordsPerSecond), f.ingest(Kind.KAFKA, c, IngestRun::megabytesPerSecond)),
                    judged(BROKER_INGEST, f.ingestBrokerRatio(c), Double.NaN),
                    ValueFormat.fixed(f.ingest(Kind.STUB, c, IngestRun::brokerCpuMicrosPerRecord), 3),
                    ValueFormat.fixed(f.ingest(Kind.KAFKA, c, IngestRun::brokerCpuMicrosPerRecord), 3),
                    ValueFormat.ratio(f.ingestBrokerCpuRatio(c)),
                    ValueFormat.fixed(Medians.of(results.ingestRuns.stream()
                            .filter(r -> r.recordSize() == c.recordSize() && r.acks().equals(c.acks()))
                            .map(IngestRun::generatorCpuMicrosPerRecord).toList()), 3));
        }
        md.append(t.render()).append('\n');
    }

    private void consumer(StringBuilder md) {
        if (results.consumerRuns.isEmpty()) {
            return;
        }
        md.append("## Consumer throughput\n\n");
        chart(md, "consumer.svg", "Consumer throughput");
        md.append(String.format(Locale.ROOT, "Median over the repeats of records/s (MB/s of values), each repeat %d"
                + " reads of %,d records of %d B from the beginning of one partition back to back; the ratio of the"
                + " medians, the median of the per-repeat ratios in brackets, and each repeat's ratio in repeat order"
                + " (the spread); the client JVM's CPU microseconds per record (client, poll loop, GC and JIT"
                + " threads), median over the repeats.%n%n", options.consumerPasses(), options.consumerRecords(),
                ConsumerThroughput.RECORD_SIZE));
        MarkdownTable t = new MarkdownTable("broker", ">Petrel", ">kafka-clients", ">Petrel / kafka-clients",
                ">per repeat", ">Petrel CPU us/record", ">kafka-clients CPU us/record");
        for (Kind b : Kind.values()) {
            t.row(SuiteResults.shortName(b), rate(f.consumerRate(b, P), f.consumerMegabytes(b, P)),
                    rate(f.consumerRate(b, K), f.consumerMegabytes(b, K)),
                    pairs(f.consumerClientRatio(b), f.consumerClientPairRatio(b)),
                    String.join(", ", f.consumerRepeatRatios(b).stream().map(ValueFormat::ratio).toList()),
                    ValueFormat.fixed(f.consumerClientCpu(b, P), 3), ValueFormat.fixed(f.consumerClientCpu(b, K), 3));
        }
        t.row("broker-stub / Kafka", ValueFormat.ratio(f.consumerBrokerRatio(P)), ValueFormat.ratio(f.consumerBrokerRatio(K)),
                "", "", "", "");
        md.append(t.render()).append('\n');
    }

    private void latency(StringBuilder md) {
        if (results.latencyRuns.isEmpty()) {
            return;
        }
        md.append("## End-to-end latency\n\n");
        for (String clients : f.latencyClients()) {
            chart(md, "latency-" + clients.toLowerCase(Locale.ROOT) + ".svg", "End-to-end latency, " + clients);
        }
        md.append("Median over the counted repeats of each percentile, ms, producer send() to the consumer's poll"
                + " returning the record. Target at 10 k records/s: broker-stub's p99 ").append(LATENCY_P99.bound())
                .append(" Apache Kafka's with the same clients. Machine stalls (a probe thread in the client JVM woke ")
                .append(MachineStalls.THRESHOLD_MS)
                .append(" ms or more late, no GC pause of that JVM explaining it, or the host took as much from one CPU"
                        + " within 100 ms) leave out the samples they touched: each sample from when its record was due"
                        + " to when poll returned it, against each stall widened by ")
                .append(StallMask.MARGIN_NANOS / 1_000_000)
                .append(" ms on both sides. A stall leaves out the samples of whichever client and broker were"
                        + " running; the percentiles are of the rest. A run counts when at least ")
                .append(ValueFormat.fixed(100 * StallMask.MIN_KEPT_SHARE, 0))
                .append(" % of its samples are kept; \"runs counted\" gives those of the runs made, \"samples left"
                        + " out\" the share of the counted runs' samples left out (benchmarks/README.md,"
                        + " \"Machine stalls\").\n\n");
        MarkdownTable t = new MarkdownTable(">rate", "clients", "broker", ">runs counted", ">samples left out",
                ">achieved rec/s", ">p50 ms", ">p99 ms", ">p99.9 ms", ">max ms", ">p99 stub / Kafka");
        for (int rate : f.latencyRates()) {
            for (String clients : f.latencyClients()) {
                for (Kind b : Kind.values()) {
                    double ratio = b == Kind.STUB ? Medians.ratio(f.latency(Kind.STUB, clients, rate, LatencyRun::p99Ms),
                            f.latency(Kind.KAFKA, clients, rate, LatencyRun::p99Ms)) : Double.NaN;
                    String r = b != Kind.STUB ? "" : rate == TARGET_RATE ? judged(LATENCY_P99, ratio, Double.NaN)
                            : ValueFormat.ratio(ratio);
                    t.row(ValueFormat.whole(rate), clients, SuiteResults.shortName(b),
                            f.countedLatencyRuns(b, clients, rate) + " of " + f.latencyRuns(b, clients, rate).size(),
                            percent(f.latencyMaskedShare(b, clients, rate)),
                            ValueFormat.whole(f.latency(b, clients, rate, LatencyRun::achievedRate)),
                            ms(f.latency(b, clients, rate, LatencyRun::p50Ms)),
                            ms(f.latency(b, clients, rate, LatencyRun::p99Ms)),
                            ms(f.latency(b, clients, rate, LatencyRun::p999Ms)),
                            ms(f.latency(b, clients, rate, LatencyRun::maxMs)), r);
                }
            }
        }
        md.append(t.render()).append('\n');
    }

    private void startup(StringBuilder md) {
        if (results.brokerStarts.isEmpty() && results.inProcessStart == null) {
            return;
        }
        md.append("## Broker start and memory\n\n");
        chart(md, "startup.svg", "Broker start");
        chart(md, "rss.svg", "Broker RSS");
        MarkdownTable t = new MarkdownTable("broker", ">launch to first ack, s", ">RSS idle, MiB",
                ">RSS after load, MiB", ">peak RSS, MiB");
        for (Kind b : Kind.values()) {
            t.row(SuiteResults.shortName(b) + " (process)", seconds(f.brokerStart(b, BrokerStart::firstAckSeconds)),
                    ValueFormat.fixed(f.brokerStart(b, BrokerStart::idleRssMiB), 0),
                    ValueFormat.fixed(f.brokerStart(b, BrokerStart::loadedRssMiB), 0),
                    ValueFormat.fixed(f.brokerStart(b, BrokerStart::peakRssMiB), 0));
        }
        t.row("broker-stub / Kafka", ratioOf(BrokerStart::firstAckSeconds), ratioOf(BrokerStart::idleRssMiB),
                ratioOf(BrokerStart::loadedRssMiB), ratioOf(BrokerStart::peakRssMiB));
        md.append(t.render());
        double cold = f.inProcessColdSeconds();
        double warm = f.inProcessWarmSeconds();
        md.append(String.format(Locale.ROOT, "%nbroker-stub in-process (`Broker.start()` to the first ApiVersions"
                        + " answered): first start in a fresh JVM %s (%s; fastest %s), again in a warm JVM %s (%s);"
                        + " target %s.%n%n",
                seconds(cold), IN_PROCESS_START.judge(cold).text(), seconds(f.inProcessColdMinSeconds()), seconds(warm),
                IN_PROCESS_START.judge(warm).text(), IN_PROCESS_START.bound()));
        if (!results.launcherStarts.isEmpty()) {
            MarkdownTable launcher = new MarkdownTable("`./petrel broker`", ">launch to first ack, median",
                    ">fastest", ">JVM CPU until then, median", "target " + LAUNCHER_FIRST_ACK.bound());
            for (boolean cds : List.of(false, true)) {
                double s = f.launcherStart(cds, LauncherStart::firstAckSeconds);
                launcher.row(cds ? "with the CDS archive" : "without (`PETREL_CDS=off`)", seconds(s),
                        seconds(f.launcherMinSeconds(cds)), seconds(f.launcherStart(cds, LauncherStart::cpuSeconds)),
                        LAUNCHER_FIRST_ACK.judge(s).text());
            }
            md.append(launcher.render()).append('\n');
        }
    }

    private void tls(StringBuilder md) {
        if (results.tlsRuns.isEmpty()) {
            return;
        }
        md.append("## Throughput over TLS\n\n");
        md.append(String.format(Locale.ROOT, "One Apache Kafka 4.3.1 with a PLAINTEXT and a TLS listener (SSL, JDK"
                + " engine on both sides, the broker's certificate from a test CA, host name verified), both clients"
                + " over both: the producer on the %s cell, the consumer reading %,d records of %d B. Median"
                + " records/s (MB/s); Petrel / kafka-clients with the median of the per-repeat ratios in brackets."
                + " Target: the ratio over TLS at least the ratio over PLAINTEXT (TLS over PLAINTEXT %s).%n%n",
                TlsThroughput.CELL.label(), options.consumerRecords(), ConsumerThroughput.RECORD_SIZE,
                TLS_RATIO.bound()));
        MarkdownTable t = new MarkdownTable("side", "transport", ">Petrel", ">kafka-clients",
                ">Petrel / kafka-clients", ">TLS / PLAINTEXT, Petrel", ">TLS / PLAINTEXT, kafka-clients");
        for (Side side : Side.values()) {
            for (Transport transport : Transport.values()) {
                boolean tlsRow = transport == Transport.TLS;
                t.row(side.name().toLowerCase(Locale.ROOT), transport.name(),
                        rate(f.tlsRate(side, transport, P), f.tlsMegabytes(side, transport, P)),
                        rate(f.tlsRate(side, transport, K), f.tlsMegabytes(side, transport, K)),
                        pairs(f.tlsClientRatio(side, transport), f.tlsClientPairRatio(side, transport)),
                        tlsRow ? ValueFormat.ratio(Medians.ratio(f.tlsRate(side, transport, P),
                                f.tlsRate(side, Transport.PLAINTEXT, P))) : "",
                        tlsRow ? ValueFormat.ratio(Medians.ratio(f.tlsRate(side, transport, K),
                                f.tlsRate(side, Transport.PLAINTEXT, K))) : "");
            }
            double r = f.tlsOverPlaintextRatio(side);
            t.row(side.name().toLowerCase(Locale.ROOT), "TLS ratio / PLAINTEXT ratio", "", "",
                    ValueFormat.ratio(r) + " " + TLS_RATIO.judge(r).text(), "", "");
        }
        md.append(t.render()).append('\n');
    }

    /** "repeats 1.20x-1.60x": the lowest and highest of the per-repeat ratios; empty when none is finite. */
    private static String repeatSpread(List<Double> ratios) {
        double[] finite = ratios.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        return finite.length == 0 ? "" : "repeats " + ValueFormat.ratio(finite[0]) + "-"
                + ValueFormat.ratio(finite[finite.length - 1]);
    }

    private static String pairs(double ratio, double pairRatio) {
        if (!Double.isFinite(ratio)) {
            return "n/a";
        }
        return ValueFormat.ratio(ratio) + (Double.isFinite(pairRatio) ? " [" + ValueFormat.ratio(pairRatio) + "]" : "");
    }

    private String ratioOf(ToDoubleFunction<BrokerStart> figure) {
        return ValueFormat.ratio(Medians.ratio(f.brokerStart(Kind.STUB, figure), f.brokerStart(Kind.KAFKA, figure)));
    }

    // --- method, machine, runs ---

    private void method(StringBuilder md) {
        md.append("## How it was measured\n\n");
        md.append(String.format(Locale.ROOT, """
                - **Brokers**: broker-stub (`io.petrel.tools.Petrel broker`) and Apache Kafka 4.3.1 (KRaft, single \
                node, formatted fresh, from the Maven jars), each a JVM of its own with `%s` and otherwise the JVM's \
                defaults, both running through the producer, consumer and latency parts. Clients in the benchmark JVM.
                - **Order**: every repeat runs all compared cells back to back; the order reverses from one repeat to \
                the next (A B, B A, ...), so neither client nor broker always goes first. Before each measured run: \
                `System.gc()`, %d ms, then a wait of up to %d s for a %d ms window in which the rest of the machine \
                used under %.2f cores.
                - **Producer** (Kafka's ProducerPerformance workload): per cell %,d records of 100 B or %,d of \
                1 KiB, random A-Z values, no key, one settings map for both clients: `acks=<cell> linger.ms=5 \
                batch.size=65536 compression.type=<cell> enable.idempotence=false`, the rest at defaults; a fresh \
                1-partition topic per run, deleted after it; %d repeat(s) per client x broker; each client warmed \
                once per broker, record size and compression (one run's worth, not counted), all before the \
                cell's first measured run. Timed from the first \
                send() to the last callback after flush(); the topic is checked to hold every record. Client \
                CPU per record: the benchmark JVM's process CPU time (all its threads, user and system) over that \
                window, divided by the records: the client's threads, the send loop that calls send(), the \
                callbacks (one histogram entry and a counter per record, the same for both clients), and the \
                JVM's GC and JIT threads; nothing else runs in that JVM then but the two brokers' idle Admin \
                clients (the latency part's stall probe starts after the producer part).
                - **Broker-bound ingest** (`IngestLoad`): the same pre-encoded Produce v12 requests (64 KiB \
                uncompressed batches) to both brokers from a generator of near-zero CPU, as many connections as \
                partitions, a bounded number in flight, a fixed time per run, answers checked, log end offsets \
                checked; each broker warmed on every cell first, then the producer part's repeats, interleaved.
                - **Consumer** (Kafka's ConsumerPerformance workload): %,d records of 100 B in one partition, \
                written once per broker by kafka-clients' producer, read from the beginning by each consumer, \
                assigned by hand (no group), auto-commit off, `receive.buffer.bytes=2097152`; %d unmeasured \
                reads per consumer and broker, then %d repeat(s), each %d reads back to back by a fresh consumer \
                apiece, each timed from its first poll to its last record; a repeat's records/s is all its records \
                over all its reads' time.
                - **End-to-end latency**: 100 B records at %s records/s for %d s (the first %d s not counted), \
                producer `acks=1 linger.ms=0`, consumer with the default long poll; send time written into the \
                value just before send(), latency taken when poll returns the record (same JVM, same clock); the \
                producer parks between records on an absolute schedule (no busy sleep); %d repeat(s) counted per \
                cell, after one unmeasured run of every cell at the rate before the rate's first measured run (a new \
                rate takes paths, several records per batch and per fetch, that the clients' and broker-stub's JIT \
                compile during the first run at it). Clients pair with themselves: Petrel's producer with Petrel's consumer, kafka-clients' with \
                kafka-clients'. Machine stalls, one rule for every client and broker: a probe thread in the client \
                JVM wakes every 1 ms and reads each CPU's steal time (`/proc/stat`) every 10 ms; a wake-up %d ms \
                late or more that no GC pause of that JVM explains (within the pause times' 1 ms), or as much steal \
                on one CPU within 100 ms (the host running something else on it), is a stall of the machine. A \
                sample (from when its record was due on the schedule to when poll returned it) that overlaps a \
                stall widened by %d ms on each side is left out, whichever client and broker were running; the \
                percentiles are of the samples kept. A run counts when at least %.0f %% of its samples are kept; \
                the others stay in the run table, marked, out of the medians; repeats go on (to twice the count at \
                most) until every cell has its count of counted runs.
                - **Startup and memory**: per launch, the time from starting the broker JVM to the first record \
                acknowledged to a kafka-clients producer started at the same moment (auto-created topic), then \
                `VmRSS` after %d ms idle, `VmRSS` right after %,d records of 100 B, and `VmHWM` (peak); %d \
                launch(es) of each after one unmeasured one. In-process: `BrokerStartupBenchmark`'s measurement, \
                %d fresh JVMs (cold) and %d starts in one JVM (warm). `./petrel broker` (`LauncherFirstAck`): from \
                launching the script, with its default JVM flags, to the first record acknowledged to the same \
                probe, as many launches as fresh JVMs above without the launcher's class-data-sharing archive \
                (`PETREL_CDS=off`) and as many with it, interleaved, after one unmeasured launch that writes it.
                - **TLS**: an Apache Kafka JVM of its own (same options) with PLAINTEXT and TLS listeners; the producer \
                and consumer workloads above (100 B, acks=1, no compression; %,d records per producer run), each \
                client over each transport, one unmeasured run each, %d / %d repeat(s) interleaved as above; TLS \
                clients set only `security.protocol=SSL` and a PKCS12 trust store.
                """, String.join(" ", options.brokerJvmOptions()), options.pauseBetweenRuns().toMillis(),
                options.quietWait().toSeconds(), io.petrel.benchmarks.producer.QuietMachine.WINDOW.toMillis(),
                options.quietBelowCores(), options.producerRecords(100), options.producerRecords(1024),
                options.producerRepeats(), options.consumerRecords(), ConsumerThroughput.WARM_UP_ROUNDS,
                options.consumerRepeats(), options.consumerPasses(), String.join(", ", options.latencyRates().stream().map(ValueFormat::whole).toList()),
                options.latencyWarmup().plus(options.latencyMeasured()).toSeconds(), options.latencyWarmup().toSeconds(),
                options.latencyRepeats(), MachineStalls.THRESHOLD_MS, StallMask.MARGIN_NANOS / 1_000_000,
                100 * StallMask.MIN_KEPT_SHARE, BrokerFootprint.IDLE_MS, options.brokerLoadRecords(), options.brokerStarts(),
                options.coldStarts(), options.warmStarts(), options.producerRecords(TlsThroughput.CELL.recordSize()),
                options.producerRepeats(), options.consumerRepeats()));
        md.append("\nCommand (from the repository root; it builds what it needs first):\n\n```\n")
                .append(results.command).append("\n```\n\n");
    }

    private void machine(StringBuilder md) {
        md.append("## Machine and load\n\n");
        results.facts.forEach(x -> md.append("- ").append(x).append('\n'));
        md.append("- load average (1/5/15 min) before: ").append(results.loadBefore).append("; after: ")
                .append(results.loadAfter).append('\n');
        List<Double> other = new ArrayList<>();
        results.producerRuns.forEach(r -> other.add(r.run().otherCpuSeconds() / r.run().seconds()));
        results.consumerRuns.forEach(r -> other.add(r.otherCpuSeconds() / r.seconds()));
        results.tlsRuns.forEach(r -> other.add(r.otherCores()));
        if (!other.isEmpty()) {
            md.append(String.format(Locale.ROOT, "- other load during the measured throughput runs (machine-wide busy"
                            + " time less the client JVM and the broker under test, so the idle broker counts): median"
                            + " %.2f cores, max %.2f%n", Medians.of(other),
                    other.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        }
        List<Double> latencyLoad = results.latencyRuns.stream().map(LatencyRun::otherCores).toList();
        if (!latencyLoad.isEmpty()) {
            md.append(String.format(Locale.ROOT, "- other load during the latency runs (less the client JVM and both"
                            + " brokers): median %.2f cores, max %.2f%n", Medians.of(latencyLoad),
                    latencyLoad.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        }
        md.append('\n');
    }

    private void allRuns(StringBuilder md) {
        md.append("## All runs\n\n<details><summary>Every measured run</summary>\n\n");
        if (!results.producerRuns.isEmpty()) {
            MarkdownTable t = new MarkdownTable("cell", "broker", "client", ">repeat", ">records", ">s", ">records/s",
                    ">MB/s", ">p99 ack ms", ">client CPU s", ">broker CPU s", ">other CPU s", "ok");
            for (ProducerRun pr : results.producerRuns) {
                RunResult r = pr.run();
                t.row(pr.cell().label(), SuiteResults.shortName(pr.broker()), r.client(), Integer.toString(r.repeat() + 1),
                        ValueFormat.whole(r.records()), ValueFormat.fixed(r.seconds(), 2),
                        ValueFormat.whole(r.recordsPerSecond()), ValueFormat.fixed(r.megabytesPerSecond(), 1),
                        ValueFormat.fixed(r.p99Ms(), 1), ValueFormat.fixed(r.clientCpuSeconds(), 2),
                        ValueFormat.fixed(r.brokerCpuSeconds(), 2), ValueFormat.fixed(r.otherCpuSeconds(), 2),
                        r.ok() ? "yes" : "NO: " + r.errors() + " errors, " + r.landed() + " landed, " + r.firstError());
            }
            md.append("Producer:\n\n").append(t.render()).append('\n');
        }
        if (!results.ingestRuns.isEmpty()) {
            MarkdownTable t = new MarkdownTable("cell", "broker", ">repeat", ">records", ">requests", ">s",
                    ">records/s", ">broker CPU s", ">generator CPU s", "ok");
            for (IngestRun r : results.ingestRuns) {
                t.row(new IngestCell(r.recordSize(), r.acks()).label(), SuiteResults.shortName(r.broker()),
                        Integer.toString(r.repeat() + 1), ValueFormat.whole(r.records()), ValueFormat.whole(r.requests()),
                        ValueFormat.fixed(r.seconds(), 2), ValueFormat.whole(r.recordsPerSecond()),
                        ValueFormat.fixed(r.brokerCpuSeconds(), 2), ValueFormat.fixed(r.generatorCpuSeconds(), 3),
                        r.ok() ? "yes" : "NO: " + (r.error() != null ? r.error() : ValueFormat.whole(r.landed())
                                + " landed of " + ValueFormat.whole(r.records()) + " acknowledged"));
            }
            md.append("Broker-bound ingest:\n\n").append(t.render()).append('\n');
        }
        if (!results.consumerRuns.isEmpty()) {
            MarkdownTable t = new MarkdownTable("broker", "client", ">repeat", ">reads", ">s", ">records/s", ">MB/s",
                    ">client CPU s", ">broker CPU s", ">other CPU s", "ok");
            for (ConsumerRun r : results.consumerRuns) {
                t.row(SuiteResults.shortName(r.broker()), r.client(), Integer.toString(r.repeat() + 1),
                        Integer.toString(r.passes()),
                        ValueFormat.fixed(r.seconds(), 2), ValueFormat.whole(r.recordsPerSecond()),
                        ValueFormat.fixed(r.megabytesPerSecond(), 1), ValueFormat.fixed(r.clientCpuSeconds(), 2),
                        ValueFormat.fixed(r.brokerCpuSeconds(), 2), ValueFormat.fixed(r.otherCpuSeconds(), 2),
                        r.ok() ? "yes" : "NO: " + r.error());
            }
            md.append("Consumer:\n\n").append(t.render()).append('\n');
        }
        if (!results.latencyRuns.isEmpty()) {
            MarkdownTable t = new MarkdownTable(">rate", "broker", "clients", ">repeat", ">measured", ">achieved rec/s",
                    ">left out", ">p50 ms", ">p99 ms", ">p99.9 ms", ">max ms", ">other load, cores",
                    ">machine stall ms", ">steal ms", ">JIT CPU ms, client", ">JIT CPU ms, broker", "ok");
            for (LatencyRun r : results.latencyRuns) {
                t.row(ValueFormat.whole(r.targetRate()), SuiteResults.shortName(r.broker()), r.clients(),
                        Integer.toString(r.repeat() + 1), ValueFormat.whole(r.measured()),
                        ValueFormat.whole(r.achievedRate()), ValueFormat.whole(r.masked()), ms(r.p50Ms()), ms(r.p99Ms()), ms(r.p999Ms()), ms(r.maxMs()),
                        ValueFormat.fixed(r.otherCores(), 2), ValueFormat.fixed(r.stallMs(), 0),
                        ValueFormat.fixed(r.stealMs(), 0), ValueFormat.fixed(r.clientJitMs(), 0),
                        ValueFormat.fixed(r.brokerJitMs(), 0),
                        !r.ok() ? "NO: lost " + r.lost() + (r.error() == null ? "" : ", " + r.error())
                                : !r.counted() ? "yes, not counted (" + percent(r.maskedShare()) + " left out)"
                                : "yes");
            }
            md.append("End-to-end latency:\n\n").append(t.render()).append('\n');
        }
        if (!results.brokerStarts.isEmpty()) {
            MarkdownTable t = new MarkdownTable("broker", ">launch", ">first ack s", ">RSS idle MiB",
                    ">RSS loaded MiB", ">peak RSS MiB");
            for (BrokerStart s : results.brokerStarts) {
                t.row(SuiteResults.shortName(s.broker()), Integer.toString(s.repeat() + 1), seconds(s.firstAckSeconds()),
                        ValueFormat.fixed(s.idleRssMiB(), 0), ValueFormat.fixed(s.loadedRssMiB(), 0),
                        ValueFormat.fixed(s.peakRssMiB(), 0));
            }
            md.append("Broker launches:\n\n").append(t.render()).append('\n');
        }
        if (!results.tlsRuns.isEmpty()) {
            MarkdownTable t = new MarkdownTable("side", "transport", "client", ">repeat", ">records/s", ">MB/s",
                    ">other load, cores", "ok");
            for (TlsRun r : results.tlsRuns) {
                t.row(r.side().name().toLowerCase(Locale.ROOT), r.transport().name(), r.client(),
                        Integer.toString(r.repeat() + 1), ValueFormat.whole(r.recordsPerSecond()),
                        ValueFormat.fixed(r.megabytesPerSecond(), 1), ValueFormat.fixed(r.otherCores(), 2),
                        r.ok() ? "yes" : "NO: " + r.error());
            }
            md.append("TLS:\n\n").append(t.render()).append('\n');
        }
        if (!results.launcherStarts.isEmpty()) {
            MarkdownTable t = new MarkdownTable("`./petrel broker`", ">first ack s", ">JVM CPU s");
            for (LauncherStart s : results.launcherStarts) {
                t.row(s.cds() ? "CDS archive" : "no archive", seconds(s.firstAckSeconds()), seconds(s.cpuSeconds()));
            }
            md.append("Launcher starts, in order:\n\n").append(t.render()).append('\n');
        }
        if (results.inProcessStart != null) {
            md.append("In-process starts, ms: cold ").append(list(results.inProcessStart.coldMs())).append("; warm ")
                    .append(list(results.inProcessStart.warmMs())).append("\n\n");
        }
        md.append("</details>\n");
    }

    // --- formatting ---

    private void chart(StringBuilder md, String file, String alt) {
        if (charts.contains(file)) {
            md.append("![").append(alt).append("](").append(file).append(")\n\n");
        }
    }

    private static String rate(double recordsPerSecond, double megabytes) {
        if (!Double.isFinite(recordsPerSecond)) {
            return "n/a";
        }
        return ValueFormat.whole(recordsPerSecond) + " (" + ValueFormat.fixed(megabytes, 1) + ")";
    }

    /** "1.42x [1.40x] met", the bracket being the median of per-repeat ratios when given. */
    static String judged(Target target, double ratio, double pairRatio) {
        if (!Double.isFinite(ratio)) {
            return "n/a";
        }
        return ratioWithPairs(ratio, pairRatio) + " " + target.judge(ratio).text();
    }

    /** "1.42x [1.40x]", the bracket being the median of per-repeat ratios when given; "n/a" without a ratio. */
    static String ratioWithPairs(double ratio, double pairRatio) {
        if (!Double.isFinite(ratio)) {
            return "n/a";
        }
        String pairs = Double.isFinite(pairRatio) ? " [" + ValueFormat.ratio(pairRatio) + "]" : "";
        return ValueFormat.ratio(ratio) + pairs;
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.3f s", s) : "n/a";
    }

    private static String ms(double v) {
        return ValueFormat.fixed(v, 2);
    }

    private static String list(List<Double> values) {
        DoubleUnaryOperator round = v -> Math.round(v * 10) / 10.0;
        return values.stream().map(v -> ValueFormat.fixed(round.applyAsDouble(v), 1)).toList().toString();
    }
}
