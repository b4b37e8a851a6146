package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.BrokerStart;
import io.petrel.benchmarks.suite.SuiteResults.ConsumerRun;
import io.petrel.benchmarks.suite.SuiteResults.IngestRun;
import io.petrel.benchmarks.suite.SuiteResults.LatencyRun;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ProducerRun;
import io.petrel.benchmarks.suite.SuiteResults.Side;
import io.petrel.benchmarks.suite.SuiteResults.TlsRun;
import io.petrel.benchmarks.suite.SuiteResults.Transport;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures the report and the charts print, computed from the runs: medians over the repeats of a cell,
 * ratios of those medians, and medians of per-pair ratios. A failed run counts as NaN (not measured), never
 * as a fast or slow one.
 */
public final class SuiteFigures {
    private final SuiteResults results;

    public SuiteFigures(SuiteResults results) {
        this.results = results;
    }

    // --- producer ---

    /** The cells measured, in the order they ran. */
    public List<ProducerCell> producerCells() {
        return results.producerRuns.stream().map(ProducerRun::cell).distinct().toList();
    }

    /** One client's producer runs on one broker in one cell, by repeat. */
    public List<RunResult> producerRuns(Kind broker, ProducerCell cell, String client) {
        return results.producerRuns.stream()
                .filter(r -> r.broker() == broker && r.cell().equals(cell) && r.run().client().equals(client))
                .map(ProducerRun::run).sorted(Comparator.comparingInt(RunResult::repeat)).toList();
    }

    /** Median records/s over the repeats; NaN if none ran or any failed. */
    public double producerRate(Kind broker, ProducerCell cell, String client) {
        return median(producerRuns(broker, cell, client), RunResult::ok, RunResult::recordsPerSecond);
    }

    public double producerMegabytes(Kind broker, ProducerCell cell, String client) {
        return median(producerRuns(broker, cell, client), RunResult::ok, RunResult::megabytesPerSecond);
    }

    /** Petrel's median records/s over kafka-clients' on one broker. */
    public double producerClientRatio(Kind broker, ProducerCell cell) {
        return Medians.ratio(producerRate(broker, cell, SuiteResults.PETREL),
                producerRate(broker, cell, SuiteResults.KAFKA_CLIENTS));
    }

    /** The median of Petrel / kafka-clients over the repeats, each ratio within one repeat. */
    public double producerClientPairRatio(Kind broker, ProducerCell cell) {
        return producerPairRatio(broker, cell, SuiteResults.PETREL, SuiteResults.KAFKA_CLIENTS,
                RunResult::recordsPerSecond);
    }

    /** broker-stub's median records/s over Apache Kafka's, with the same client. */
    public double producerBrokerRatio(ProducerCell cell, String client) {
        return Medians.ratio(producerRate(Kind.STUB, cell, client), producerRate(Kind.KAFKA, cell, client));
    }

    /**
     * broker-stub's records per broker CPU-second over Apache Kafka's, same client: what each broker could ingest
     * per core. Records/s does not show it on 2 cores, where the client under test takes much of the CPU and bounds
     * the rate whichever broker runs.
     */
    public double producerBrokerCpuRatio(ProducerCell cell, String client) {
        return Medians.ratio(median(producerRuns(Kind.KAFKA, cell, client), RunResult::ok, RunResult::brokerCpuMicrosPerRecord),
                median(producerRuns(Kind.STUB, cell, client), RunResult::ok, RunResult::brokerCpuMicrosPerRecord));
    }

    /**
     * Median client CPU microseconds per record over the repeats: the benchmark JVM's process CPU over the run
     * ({@link RunResult#clientCpuMicrosPerRecord}); NaN if none ran or any failed. The JVM reads that CPU time in
     * the OS's 10 ms ticks: 0.005 us per record over 2,000,000 records, 0.5 us over the quick run's 20,000.
     */
    public double producerClientCpu(Kind broker, ProducerCell cell, String client) {
        return median(producerRuns(broker, cell, client), RunResult::ok, RunResult::clientCpuMicrosPerRecord);
    }

    /**
     * kafka-clients' median client CPU per record over Petrel's on one broker: above 1 when Petrel's producer costs
     * less CPU per record. Shown beside the records/s ratio where the broker, not the client, bounds the rate.
     */
    public double producerClientCpuRatio(Kind broker, ProducerCell cell) {
        return Medians.ratio(producerClientCpu(broker, cell, SuiteResults.KAFKA_CLIENTS),
                producerClientCpu(broker, cell, SuiteResults.PETREL));
    }

    /** The median of kafka-clients' / Petrel's client CPU per record over the repeats, each within one repeat. */
    public double producerClientCpuPairRatio(Kind broker, ProducerCell cell) {
        return producerPairRatio(broker, cell, SuiteResults.KAFKA_CLIENTS, SuiteResults.PETREL,
                RunResult::clientCpuMicrosPerRecord);
    }

    /** The median over the repeats of {@code over}'s figure / {@code under}'s, both runs of a repeat. */
    private double producerPairRatio(Kind broker, ProducerCell cell, String over, String under,
                                     ToDoubleFunction<RunResult> figure) {
        return Medians.ofPairRatios(perRun(producerRuns(broker, cell, over), figure),
                perRun(producerRuns(broker, cell, under), figure));
    }

    /** A figure of each run by repeat, NaN for a failed run. */
    private static List<Double> perRun(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
        return runs.stream().map(r -> r.ok() ? figure.applyAsDouble(r) : Double.NaN).toList();
    }

    // --- broker-bound ingest ---

    /** A cell of the broker-bound ingest part. */
    public record IngestCell(int recordSize, String acks) {
        public String label() {
            return SuiteResults.sizeLabel(recordSize) + ", acks=" + acks;
        }
    }

    /** The ingest cells measured, in the order they ran. */
    public List<IngestCell> ingestCells() {
        return results.ingestRuns.stream().map(r -> new IngestCell(r.recordSize(), r.acks())).distinct().toList();
    }

    public List<IngestRun> ingestRuns(Kind broker, IngestCell cell) {
        return results.ingestRuns.stream()
                .filter(r -> r.broker() == broker && r.recordSize() == cell.recordSize() && r.acks().equals(cell.acks()))
                .sorted(Comparator.comparingInt(IngestRun::repeat)).toList();
    }

    /** A median over one broker's ingest runs of a cell; NaN if none ran or any failed. */
    public double ingest(Kind broker, IngestCell cell, ToDoubleFunction<IngestRun> figure) {
        return median(ingestRuns(broker, cell), IngestRun::ok, figure);
    }

    /** broker-stub's median records/s over Apache Kafka's under the broker-bound load. */
    public double ingestBrokerRatio(IngestCell cell) {
        return Medians.ratio(ingest(Kind.STUB, cell, IngestRun::recordsPerSecond),
                ingest(Kind.KAFKA, cell, IngestRun::recordsPerSecond));
    }

    /** broker-stub's records per broker CPU-second over Apache Kafka's under the broker-bound load. */
    public double ingestBrokerCpuRatio(IngestCell cell) {
        return Medians.ratio(ingest(Kind.KAFKA, cell, IngestRun::brokerCpuMicrosPerRecord),
                ingest(Kind.STUB, cell, IngestRun::brokerCpuMicrosPerRecord));
    }

    // --- consumer ---

    public List<ConsumerRun> consumerRuns(Kind broker, String client) {
        return results.consumerRuns.stream().filter(r -> r.broker() == broker && r.client().equals(client))
                .sorted(Comparator.comparingInt(ConsumerRun::repeat)).toList();
    }

    public double consumerRate(Kind broker, String client) {
        return median(consumerRuns(broker, client), ConsumerRun::ok, ConsumerRun::recordsPerSecond);
    }

    public double consumerMegabytes(Kind broker, String client) {
        return median(consumerRuns(broker, client), ConsumerRun::ok, ConsumerRun::megabytesPerSecond);
    }

    public double consumerClientRatio(Kind broker) {
        return Medians.ratio(consumerRate(broker, SuiteResults.PETREL), consumerRate(broker, SuiteResults.KAFKA_CLIENTS));
    }

    /**
     * Petrel's records/s over kafka-clients' within each repeat on {@code broker} (the two read one after the other),
     * in repeat order; NaN for a repeat where either failed or is missing.
     */
    public List<Double> consumerRepeatRatios(Kind broker) {
        List<ConsumerRun> petrel = consumerRuns(broker, SuiteResults.PETREL);
        List<ConsumerRun> kafka = consumerRuns(broker, SuiteResults.KAFKA_CLIENTS);
        return petrel.stream().map(p -> kafka.stream().filter(k -> k.repeat() == p.repeat()).findFirst()
                .map(k -> Medians.ratio(p.recordsPerSecond(), k.recordsPerSecond())).orElse(Double.NaN)).toList();
    }

    /** The median of {@link #consumerRepeatRatios}: each ratio from two runs that saw about the same machine. */
    public double consumerClientPairRatio(Kind broker) {
        return Medians.of(consumerRepeatRatios(broker));
    }

    /** The median over the repeats of the client JVM's CPU microseconds per record read. */
    public double consumerClientCpu(Kind broker, String client) {
        return median(consumerRuns(broker, client), ConsumerRun::ok, ConsumerRun::clientCpuMicrosPerRecord);
    }

    public double consumerBrokerRatio(String client) {
        return Medians.ratio(consumerRate(Kind.STUB, client), consumerRate(Kind.KAFKA, client));
    }

    // --- latency ---

    /** Fewer runs than this counted (too many samples left out for machine stalls): the cell is not measured. */
    public static final int MIN_COUNTED_LATENCY_RUNS = 1;

    public List<Integer> latencyRates() {
        return results.latencyRuns.stream().map(LatencyRun::targetRate).distinct().sorted().toList();
    }

    public List<String> latencyClients() {
        return results.latencyRuns.stream().map(LatencyRun::clients).distinct().toList();
    }

    public List<LatencyRun> latencyRuns(Kind broker, String clients, int rate) {
        return results.latencyRuns.stream()
                .filter(r -> r.broker() == broker && r.clients().equals(clients) && r.targetRate() == rate)
                .sorted(Comparator.comparingInt(LatencyRun::repeat)).toList();
    }

    /**
     * The median of a latency figure (p99Ms...) in ms over the counted runs ({@link LatencyRun#counted()}, each
     * figure of its samples no machine stall touched); NaN if any run lost
     * records or failed, or if fewer than {@link #MIN_COUNTED_LATENCY_RUNS} runs are left to count.
     */
    public double latency(Kind broker, String clients, int rate, ToDoubleFunction<LatencyRun> percentile) {
        List<LatencyRun> runs = latencyRuns(broker, clients, rate);
        if (runs.isEmpty() || !runs.stream().allMatch(LatencyRun::ok)) {
            return Double.NaN;
        }
        List<LatencyRun> counted = runs.stream().filter(LatencyRun::counted).toList();
        return counted.size() < MIN_COUNTED_LATENCY_RUNS ? Double.NaN
                : Medians.of(counted.stream().map(percentile::applyAsDouble).toList());
    }

    /** How many of a cell's latency runs count toward its medians (enough samples kept). */
    public long countedLatencyRuns(Kind broker, String clients, int rate) {
        return latencyRuns(broker, clients, rate).stream().filter(LatencyRun::counted).count();
    }

    /** The share of the counted runs' samples left out for machine stalls, 0 to 1; NaN when no run counted. */
    public double latencyMaskedShare(Kind broker, String clients, int rate) {
        List<LatencyRun> counted = latencyRuns(broker, clients, rate).stream().filter(LatencyRun::counted).toList();
        long measured = counted.stream().mapToLong(LatencyRun::measured).sum();
        return measured == 0 ? Double.NaN
                : (double) counted.stream().mapToLong(LatencyRun::masked).sum() / measured;
    }

    // --- TLS ---

    /** One client's TLS-part runs of one side over one transport, by repeat. */
    public List<TlsRun> tlsRuns(Side side, Transport transport, String client) {
        return results.tlsRuns.stream()
                .filter(r -> r.side() == side && r.transport() == transport && r.client().equals(client))
                .sorted(Comparator.comparingInt(TlsRun::repeat)).toList();
    }

    /** Median records/s over the repeats; NaN if none ran or any failed. */
    public double tlsRate(Side side, Transport transport, String client) {
        return median(tlsRuns(side, transport, client), TlsRun::ok, TlsRun::recordsPerSecond);
    }

    public double tlsMegabytes(Side side, Transport transport, String client) {
        return median(tlsRuns(side, transport, client), TlsRun::ok, TlsRun::megabytesPerSecond);
    }

    /** Petrel's median records/s over kafka-clients' over one transport. */
    public double tlsClientRatio(Side side, Transport transport) {
        return Medians.ratio(tlsRate(side, transport, SuiteResults.PETREL),
                tlsRate(side, transport, SuiteResults.KAFKA_CLIENTS));
    }

    /** The median of Petrel / kafka-clients over the repeats, each ratio within one repeat. */
    public double tlsClientPairRatio(Side side, Transport transport) {
        return Medians.ofPairRatios(tlsRates(tlsRuns(side, transport, SuiteResults.PETREL)),
                tlsRates(tlsRuns(side, transport, SuiteResults.KAFKA_CLIENTS)));
    }

    /**
     * Petrel / kafka-clients over TLS divided by the same over PLAINTEXT: at least 1 when TLS costs Petrel no more,
     * relative to kafka-clients, than it costs kafka-clients.
     */
    public double tlsOverPlaintextRatio(Side side) {
        return Medians.ratio(tlsClientRatio(side, Transport.TLS), tlsClientRatio(side, Transport.PLAINTEXT));
    }

    private static List<Double> tlsRates(List<TlsRun> runs) {
        return runs.stream().map(r -> r.ok() ? r.recordsPerSecond() : Double.NaN).toList();
    }

    // --- startup ---

    public List<BrokerStart> brokerStarts(Kind broker) {
        return results.brokerStarts.stream().filter(s -> s.broker() == broker).toList();
    }

    public double brokerStart(Kind broker, ToDoubleFunction<BrokerStart> figure) {
        return Medians.of(brokerStarts(broker).stream().map(s -> figure.applyAsDouble(s)).toList());
    }

    /** Median in-process cold start (a fresh JVM each), seconds. */
    public double inProcessColdSeconds() {
        return results.inProcessStart == null ? Double.NaN : Medians.of(results.inProcessStart.coldMs()) / 1000;
    }

    /** Median in-process warm start (again in one JVM), seconds. */
    public double inProcessWarmSeconds() {
        return results.inProcessStart == null ? Double.NaN : Medians.of(results.inProcessStart.warmMs()) / 1000;
    }

    /** Minimum in-process cold start, seconds. */
    public double inProcessColdMinSeconds() {
        return results.inProcessStart == null || results.inProcessStart.coldMs().isEmpty() ? Double.NaN
                : java.util.Collections.min(results.inProcessStart.coldMs()) / 1000;
    }

    /** {@code ./petrel broker} launches without ({@code cds} false) or with the class-data-sharing archive. */
    public List<SuiteResults.LauncherStart> launcherStarts(boolean cds) {
        return results.launcherStarts.stream().filter(s -> s.cds() == cds).toList();
    }

    /** Median of a figure of the {@code ./petrel broker} launches without or with the archive. */
    public double launcherStart(boolean cds, ToDoubleFunction<SuiteResults.LauncherStart> figure) {
        return Medians.of(launcherStarts(cds).stream().map(s -> figure.applyAsDouble(s)).toList());
    }

    /** Fastest {@code ./petrel broker} launch to first ack without or with the archive, seconds. */
    public double launcherMinSeconds(boolean cds) {
        return launcherStarts(cds).stream().mapToDouble(SuiteResults.LauncherStart::firstAckSeconds).min()
                .orElse(Double.NaN);
    }

    private static <T> double median(List<T> runs, java.util.function.Predicate<T> ok, ToDoubleFunction<T> f) {
        if (runs.isEmpty() || !runs.stream().allMatch(ok)) {
            return Double.NaN;
        }
        return Medians.of(runs.stream().map(r -> f.applyAsDouble(r)).toList());
    }
}
