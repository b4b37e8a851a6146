package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.BrokerStart;
import io.petrel.benchmarks.suite.SuiteResults.ConsumerRun;
import io.petrel.benchmarks.suite.SuiteResults.InProcessStart;
import io.petrel.benchmarks.suite.SuiteResults.IngestRun;
import io.petrel.benchmarks.suite.SuiteResults.LauncherStart;
import io.petrel.benchmarks.suite.SuiteResults.LatencyRun;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ProducerRun;
import io.petrel.benchmarks.suite.SuiteResults.Side;
import io.petrel.benchmarks.suite.SuiteResults.TlsRun;
import io.petrel.benchmarks.suite.SuiteResults.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteReportTest {
    private static final String P = SuiteResults.PETREL;
    private static final String K = SuiteResults.KAFKA_CLIENTS;
    private static final ProducerCell CELL = new ProducerCell(100, "1", "none");

    /** A producer run of 1,000,000 records taking {@code seconds}. */
    private static ProducerRun producer(Kind broker, String client, int repeat, double seconds) {
        return producer(CELL, broker, client, repeat, seconds);
    }

    /** The broker uses 1 CPU-second per run on broker-stub, 3 on Kafka. */
    private static ProducerRun producer(ProducerCell cell, Kind broker, String client, int repeat, double seconds) {
        double brokerCpu = broker == Kind.KAFKA ? 3 : 1;
        RunResult r = new RunResult(broker.displayName(), cell.compression(), 1, client, repeat, 1_000_000,
                cell.recordSize(), seconds, seconds, 1, 2, 3, 4, 1, 0, brokerCpu, 0, 0.5, 0, null, 1_000_000, Map.of(),
                Map.of());
        return new ProducerRun(broker, cell, r);
    }

    /** A producer run made from one given figure. */
    private interface ProducerRunOf {
        ProducerRun run(Kind broker, String client, int repeat, double figure);
    }

    /**
     * Runs of stub Petrel, stub kafka-clients, Kafka Petrel, Kafka kafka-clients (the rows of {@code figures}), one
     * per repeat (the columns), added repeat by repeat as the suite adds them.
     */
    private static void addProducerRuns(SuiteResults s, double[][] figures, ProducerRunOf runOf) {
        Kind[] brokers = {Kind.STUB, Kind.STUB, Kind.KAFKA, Kind.KAFKA};
        String[] clients = {P, K, P, K};
        for (int r = 0; r < figures[0].length; r++) {
            for (int i = 0; i < brokers.length; i++) {
                s.producerRuns.add(runOf.run(brokers[i], clients[i], r, figures[i][r]));
            }
        }
    }

    /** Three repeats per client and broker; records/s medians: stub Petrel 400k, stub kc 250k, Kafka Petrel 200k, Kafka kc 200k. */
    private static SuiteResults results() {
        SuiteResults s = new SuiteResults();
        double[][] seconds = {
                {2.5, 2.5, 5.0}, // stub Petrel: 400k, 400k, 200k -> 400k
                {4.0, 4.0, 4.0}, // stub kc: 250k
                {5.0, 5.0, 2.0}, // Kafka Petrel: 200k, 200k, 500k -> 200k
                {5.0, 5.0, 5.0}, // Kafka kc: 200k
        };
        addProducerRuns(s, seconds, SuiteReportTest::producer);
        s.consumerRuns.add(new ConsumerRun(Kind.STUB, K, 0, 1, 3_000_000, 100, 1.0, 1, 1, 0, 300_000_000, null));
        s.consumerRuns.add(new ConsumerRun(Kind.KAFKA, K, 0, 1, 3_000_000, 100, 2.0, 1, 1, 0, 300_000_000, null));
        s.latencyRuns.add(new LatencyRun(Kind.STUB, K, 10_000, 0, 100_000, 0, 0, 10_000, 0.2, 2.0, 4.0, 9, 0.1, 0, 0, 0, 0, null));
        s.latencyRuns.add(new LatencyRun(Kind.KAFKA, K, 10_000, 0, 100_000, 0, 0, 10_000, 0.4, 8.0, 20.0, 30, 0.1, 0, 0, 0, 0, null));
        s.brokerStarts.add(new BrokerStart(Kind.STUB, 0, 0.5, 100, 120, 130));
        s.brokerStarts.add(new BrokerStart(Kind.KAFKA, 0, 2.0, 340, 390, 400));
        s.inProcessStart = new InProcessStart(List.of(300.0, 320.0, 310.0), List.of(5.0, 4.0, 6.0));
        return s;
    }

    private static String render(SuiteResults s) {
        return new SuiteReport(s, SuiteOptions.parse(), Set.of("producer-100b.svg")).render();
    }

    private static String line(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("No line starting with " + start + " in\n" + md));
    }

    @Test
    void figuresAreMediansOverRepeatsAndRatiosOfThoseMedians() {
        SuiteFigures f = new SuiteFigures(results());

        assertEquals(400_000, f.producerRate(Kind.STUB, CELL, P), 1e-6);
        assertEquals(200_000, f.producerRate(Kind.KAFKA, CELL, P), 1e-6);
        assertEquals(1.6, f.producerClientRatio(Kind.STUB, CELL), 1e-9);
        assertEquals(1.0, f.producerClientRatio(Kind.KAFKA, CELL), 1e-9);
        assertEquals(2.0, f.producerBrokerRatio(CELL, P), 1e-9);
        assertEquals(1.25, f.producerBrokerRatio(CELL, K), 1e-9);
        // Pairs on Kafka: 1.0, 1.0, 2.5 -> 1.0
        assertEquals(1.0, f.producerClientPairRatio(Kind.KAFKA, CELL), 1e-9);
        assertEquals(0.31, f.inProcessColdSeconds(), 1e-9);
    }

    @Test
    void aFailedRunMakesItsCellNotMeasuredRatherThanFastOrSlow() {
        SuiteResults s = results();
        RunResult ok = s.producerRuns.get(0).run();
        s.producerRuns.set(0, new ProducerRun(Kind.STUB, CELL, new RunResult(ok.broker(), "none", 1, P, 0, 1_000_000,
                100, 0.1, 0.1, 1, 2, 3, 4, 1, 0, 1, 0, 0.5, 5, "boom", 999_995, Map.of(), Map.of())));

        assertTrue(Double.isNaN(new SuiteFigures(s).producerRate(Kind.STUB, CELL, P)));
        assertTrue(line(render(s), "| 100 B | 1 | none |").contains("| n/a |"));
    }

    /** A run of 1,000,000 records in 2 s whose benchmark JVM used {@code clientCpu} CPU-seconds. */
    private static ProducerRun clientCpuRun(Kind broker, String client, int repeat, double clientCpu) {
        RunResult r = new RunResult(broker.displayName(), "none", 1, client, repeat, 1_000_000, 100, 2, 2, 1, 2, 3, 4,
                clientCpu, 0, 1, 0, 0.5, 0, null, 1_000_000, Map.of(), Map.of());
        return new ProducerRun(broker, CELL, r);
    }

    /**
     * Client CPU per 1,000,000 records, by repeat: stub Petrel 1.0, 1.2, 3.0 s; stub kc 1.5, 1.5, 1.5 s; Kafka Petrel
     * 2.0, 2.0, 2.0 s; Kafka kc 2.0, 3.0, 4.0 s.
     */
    private static SuiteResults clientCpuResults() {
        SuiteResults s = new SuiteResults();
        double[][] cpu = {{1.0, 1.2, 3.0}, {1.5, 1.5, 1.5}, {2.0, 2.0, 2.0}, {2.0, 3.0, 4.0}};
        addProducerRuns(s, cpu, SuiteReportTest::clientCpuRun);
        return s;
    }

    @Test
    void clientCpuPerRecordIsTheMedianOverRepeatsAndKafkaClientsOverPetrelAboveOneWhenPetrelIsCheaper() {
        SuiteFigures f = new SuiteFigures(clientCpuResults());

        assertEquals(1.2, f.producerClientCpu(Kind.STUB, CELL, P), 1e-9);
        assertEquals(1.5, f.producerClientCpu(Kind.STUB, CELL, K), 1e-9);
        assertEquals(1.25, f.producerClientCpuRatio(Kind.STUB, CELL), 1e-9);
        // Pairs on stub: 1.5 / 1.0, 1.5 / 1.2, 1.5 / 3.0 -> 1.25
        assertEquals(1.25, f.producerClientCpuPairRatio(Kind.STUB, CELL), 1e-9);
        assertEquals(1.5, f.producerClientCpuRatio(Kind.KAFKA, CELL), 1e-9);
        // Pairs on Kafka: 1.0, 1.5, 2.0 -> 1.5
        assertEquals(1.5, f.producerClientCpuPairRatio(Kind.KAFKA, CELL), 1e-9);
        // Same records/s for both clients: the rate ratio cannot tell them apart, the CPU ratio does.
        assertEquals(1.0, f.producerClientRatio(Kind.KAFKA, CELL), 1e-9);
    }

    @Test
    void theClientCpuTableGivesEachClientsCpuPerRecordAndTheirRatioWithoutAVerdict() {
        String md = render(clientCpuResults());

        assertTrue(md.contains("| record | acks | compression | stub: Petrel us/record | stub: kafka-clients us/record"
                + " | kafka-clients / Petrel on stub | Kafka: Petrel us/record | Kafka: kafka-clients us/record"
                + " | kafka-clients / Petrel on Kafka |"), md);
        List<String> rows = md.lines().filter(l -> l.startsWith("| 100 B | 1 | none |")).toList();
        assertEquals(2, rows.size(), md);
        assertEquals("| 100 B | 1 | none | 1.20 | 1.50 | 1.25x [1.25x] | 2.00 | 3.00 | 1.50x [1.50x] |", rows.get(1));
        assertTrue(md.contains("Client CPU per record: the benchmark JVM's process CPU time"), md);
    }

    @Test
    void aFailedRunLeavesItsClientCpuNotMeasured() {
        SuiteResults s = clientCpuResults();
        RunResult ok = s.producerRuns.get(0).run();
        s.producerRuns.set(0, new ProducerRun(Kind.STUB, CELL, new RunResult(ok.broker(), "none", 1, P, 0, 1_000_000,
                100, 2, 2, 1, 2, 3, 4, 0.1, 0, 1, 0, 0.5, 5, "boom", 999_995, Map.of(), Map.of())));
        SuiteFigures f = new SuiteFigures(s);

        assertTrue(Double.isNaN(f.producerClientCpu(Kind.STUB, CELL, P)));
        assertTrue(Double.isNaN(f.producerClientCpuRatio(Kind.STUB, CELL)));
        assertEquals(1.5, f.producerClientCpuRatio(Kind.KAFKA, CELL), 1e-9);
        List<String> rows = render(s).lines().filter(l -> l.startsWith("| 100 B | 1 | none |")).toList();
        assertTrue(rows.get(1).startsWith("| 100 B | 1 | none | n/a | 1.50 | n/a |"), rows.get(1));
    }

    @Test
    void theTargetsTableJudgesEachFigure() {
        String md = render(results());

        assertTrue(line(md, "| Petrel's producer / kafka-clients', same broker | producer, on broker-stub |")
                .contains("| 1.60x (1.60x-1.60x) | ≥ 1.30x | met | 1 of 1 |"));
        assertTrue(line(md, "| Petrel's producer / kafka-clients', same broker | producer, on Kafka |")
                .contains("| 1.00x (1.00x-1.00x) | ≥ 1.30x | **missed** | 0 of 1 |"));
        assertTrue(line(md, "| broker-stub ingest / Apache Kafka's, same client | producer, with Petrel |")
                .contains("| 2.00x (2.00x-2.00x) | ≥ 1.50x | met | 1 of 1 |"));
        assertTrue(line(md, "| broker-stub ingest / Apache Kafka's, same client | producer, with kafka-clients |")
                .contains("| 1.25x (1.25x-1.25x) | ≥ 1.50x | **missed** | 0 of 1 |"));
        assertTrue(line(md, "| broker-stub ingest per broker CPU-second / Apache Kafka's, same client | producer, with Petrel |")
                .contains("| 3.00x (3.00x-3.00x) | ≥ 1.50x | met | 1 of 1 |"));
        assertTrue(line(md, "| end-to-end p99 at 10 k records/s, broker-stub / Apache Kafka | kafka-clients")
                .contains("| 0.25x | ≤ 0.50x | met |"));
        assertTrue(line(md, "| broker-stub start in-process | first start in a fresh JVM |")
                .contains("| 0.310 s | ≤ 0.10 s | **missed** |"));
        assertTrue(line(md, "| broker-stub start in-process | again in a warm JVM |")
                .contains("| 0.005 s | ≤ 0.10 s | met |"));
    }

    @Test
    void launcherStartsAreJudgedWithoutAndWithTheArchive() {
        SuiteResults s = results();
        for (double seconds : new double[] {0.50, 0.60, 0.55}) {
            s.launcherStarts.add(new LauncherStart(false, seconds, 0.9));
        }
        for (double seconds : new double[] {0.35, 0.25, 0.28}) {
            s.launcherStarts.add(new LauncherStart(true, seconds, 0.4));
        }
        String md = render(s);

        assertTrue(line(md, "| `./petrel broker` launch to first acknowledged record | without it")
                .contains("| 0.550 s | ≤ 0.30 s | **missed** |"));
        assertTrue(line(md, "| `./petrel broker` launch to first acknowledged record | with the launcher's CDS archive |")
                .contains("| 0.280 s | ≤ 0.30 s | met |"));
        assertEquals("| with the CDS archive | 0.280 s | 0.250 s | 0.400 s | met |", line(md, "| with the CDS archive |"));
        assertTrue(line(md, "broker-stub in-process").contains("fastest 0.300 s"));
    }

    @Test
    void withoutLauncherStartsTheTargetsSayNotMeasured() {
        String md = render(results());

        assertTrue(line(md, "| `./petrel broker` launch to first acknowledged record | with the launcher's CDS archive |")
                .contains("| n/a | ≤ 0.30 s | not measured |"));
    }

    @Test
    void thePetrelProducerTargetIsMetOnlyWhenEveryCellMeetsIt() {
        SuiteResults s = results();
        ProducerCell kib = new ProducerCell(1024, "1", "none");
        for (int r = 0; r < 3; r++) {
            s.producerRuns.add(producer(kib, Kind.STUB, P, r, 5.0));
            s.producerRuns.add(producer(kib, Kind.STUB, K, r, 6.0));
        }

        // Cells 1.60x and 1.20x: the median, 1.40x, is above the bound, the 1 KiB cell is not.
        assertTrue(line(render(s), "| Petrel's producer / kafka-clients', same broker | producer, on broker-stub |")
                .contains("| 1.40x (1.20x-1.60x) | ≥ 1.30x | **missed** | 1 of 2 |"));
    }

    @Test
    void theConsumerAndClientLatencyTargetsCompareThePetrelClientsWithKafkaClientsOnEachBroker() {
        SuiteResults s = results();
        s.consumerRuns.add(new ConsumerRun(Kind.STUB, P, 0, 1, 3_000_000, 100, 0.5, 1, 1, 0, 300_000_000, null));
        s.latencyRuns.add(new LatencyRun(Kind.STUB, P, 10_000, 0, 100_000, 0, 0, 10_000, 0.1, 1.0, 3.0, 5, 0.1, 0, 0, 0, 0, null));
        s.latencyRuns.add(new LatencyRun(Kind.KAFKA, P, 10_000, 0, 100_000, 0, 0, 10_000, 0.4, 12.0, 20.0, 30, 0.1, 0, 0, 0, 0, null));
        String md = render(s);

        assertTrue(line(md, "| Petrel's consumer / kafka-clients', same broker | consumer, on broker-stub |")
                .contains("| 2.00x | ≥ 1.50x | met |"));
        assertTrue(line(md, "| Petrel's consumer / kafka-clients', same broker | consumer, on Kafka |")
                .contains("| n/a | ≥ 1.50x | not measured |"));
        assertTrue(line(md, "| end-to-end p99 at 10 k records/s, Petrel's clients / kafka-clients', same broker"
                + " | on broker-stub |").contains("| 0.50x | ≤ 1.00x | met |"));
        assertTrue(line(md, "| end-to-end p99 at 10 k records/s, Petrel's clients / kafka-clients', same broker"
                + " | on Kafka |").contains("| 1.50x | ≤ 1.00x | **missed** |"));
    }

    /** A read of 1,000,000 records in {@code seconds}, the client JVM using 0.5 CPU-seconds. */
    private static ConsumerRun read(Kind broker, String client, int repeat, double seconds) {
        return new ConsumerRun(broker, client, repeat, 1, 1_000_000, 100, seconds, 0.5, 1, 0, 100_000_000, null);
    }

    @Test
    void aConsumerRepeatIsAllItsReadsOverAllTheirTimeAndTheReportShowsEachRepeatsRatio() {
        SuiteResults s = new SuiteResults();
        // Petrel's reads by repeat: (0.5 + 1.5 s), (0.5 + 0.5 s), (0.25 + 0.25 s); kafka-clients': 1 s + 1 s each.
        double[][] petrel = {{0.5, 1.5}, {0.5, 0.5}, {0.25, 0.25}};
        for (int r = 0; r < petrel.length; r++) {
            s.consumerRuns.add(read(Kind.STUB, P, r, petrel[r][0]).plus(read(Kind.STUB, P, r, petrel[r][1])));
            s.consumerRuns.add(read(Kind.STUB, K, r, 1).plus(read(Kind.STUB, K, r, 1)));
        }
        SuiteFigures f = new SuiteFigures(s);

        // 2 M records in 2 s, 1 s, 0.5 s: 1 M/s, 2 M/s, 4 M/s, not the mean of each read's rate (1.33 M/s first).
        assertEquals(2_000_000, f.consumerRate(Kind.STUB, P), 1e-6);
        assertEquals(List.of(1.0, 2.0, 4.0), f.consumerRepeatRatios(Kind.STUB));
        assertEquals(0.5, f.consumerClientCpu(Kind.STUB, P), 1e-9);
        String md = render(s);
        assertEquals("| broker-stub | 2,000,000 (190.7) | 1,000,000 (95.4) | 2.00x [2.00x] | 1.00x, 2.00x, 4.00x"
                + " | 0.500 | 0.500 |", line(md, "| broker-stub | 2,000,000"));
        assertTrue(line(md, "| Petrel's consumer / kafka-clients', same broker | consumer, on broker-stub |")
                .endsWith("| 2.00x | ≥ 1.50x | met | repeats 1.00x-4.00x |"));
    }

    @Test
    void aFailedReadFailsItsConsumerRepeat() {
        ConsumerRun failed = new ConsumerRun(Kind.STUB, P, 0, 1, 1_000_000, 100, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, "stalled");

        ConsumerRun repeat = read(Kind.STUB, P, 0, 1).plus(failed).plus(read(Kind.STUB, P, 0, 1));

        assertEquals(3, repeat.passes());
        assertEquals("stalled", repeat.error());
        assertTrue(Double.isNaN(repeat.recordsPerSecond()));
    }

    @Test
    void thePartTablesGiveMediansAndRatiosBesideTheirTargets() {
        String md = render(results());

        assertEquals("| 100 B | 1 | none | 400,000 (38.1) | 250,000 (23.8) | 1.60x [1.60x] met | 200,000 (19.1)"
                + " | 200,000 (19.1) | 1.00x [1.00x] **missed** | 2.00x met | 1.25x **missed** |",
                line(md, "| 100 B | 1 | none |"));
        assertEquals("| broker-stub / Kafka | n/a | 2.00x |  |  |  |  |", line(md, "| broker-stub / Kafka | n/a"));
        assertTrue(line(md, "| 10,000 | kafka-clients | broker-stub |").endsWith("| 0.25x met |"));
        assertEquals("| broker-stub / Kafka | 0.25x | 0.29x | 0.31x | 0.33x |", line(md, "| broker-stub / Kafka | 0.25x"));
    }

    @Test
    void aLatencyRunWithMoreThanATenthOfItsSamplesLeftOutForStallsIsNotCountedWhicheverSideItMeasured() {
        SuiteResults s = results();
        // A second run of each kafka-clients cell: broker-stub's lost 10,001 of 100,000 samples to machine stalls
        // (just over a tenth), Kafka's 10,000 (a tenth: kept). The stub median stays the first run's 2.0 ms; Kafka's
        // is the median of 8 and 10, and 5 % of its counted samples were left out.
        s.latencyRuns.add(new LatencyRun(Kind.STUB, K, 10_000, 1, 100_000, 10_001, 0, 10_000, 0.3, 50.0, 90.0, 101,
                0.0, 100, 100, 12, 5, null));
        s.latencyRuns.add(new LatencyRun(Kind.KAFKA, K, 10_000, 1, 100_000, 10_000, 0, 10_000, 0.4, 10.0, 20.0, 30,
                0.0, 100, 100, 34, 0, null));
        String md = render(s);

        assertTrue(line(md, "| 10,000 | kafka-clients | broker-stub |")
                .startsWith("| 10,000 | kafka-clients | broker-stub | 1 of 2 | 0.0 % | 10,000 | 0.20 | 2.00 |"), md);
        assertTrue(line(md, "| 10,000 | kafka-clients | Kafka |")
                .startsWith("| 10,000 | kafka-clients | Kafka | 2 of 2 | 5.0 % | 10,000 | 0.40 | 9.00 |"), md);
        assertTrue(line(md, "| 10,000 | kafka-clients | broker-stub |").endsWith("| 0.22x met |"));
        assertTrue(line(md, "| 10,000 | broker-stub | kafka-clients | 2 |")
                .endsWith("| 100 | 100 | 12 | 5 | yes, not counted (10.0 % left out) |"), md);
        assertTrue(line(md, "| 10,000 | Kafka | kafka-clients | 2 |").endsWith("| 100 | 100 | 34 | 0 | yes |"), md);
        assertTrue(line(md, "| end-to-end p99 at 10 k records/s, broker-stub / Apache Kafka"
                + " | kafka-clients producer and consumer on both |")
                .endsWith("| met | runs counted 1/2, 2/2; samples left out 0.0 %, 5.0 % |"), md);
        assertTrue(md.contains("A stall leaves out the samples of whichever client and broker were running"), md);
        assertTrue(md.contains("A run counts when at least 90 % of its samples are kept"), md);
        assertTrue(md.contains("after one unmeasured run of every cell at the rate before the rate's first measured"
                + " run"), md);
        assertTrue(md.contains("widened by 10 ms on each side is left out, whichever client and broker were"
                + " running"), md);
    }

    @Test
    void onlyChartsThatWereWrittenAreLinked() {
        String md = render(results());

        assertTrue(md.contains("![Producer throughput, 100 B records](producer-100b.svg)"));
        assertTrue(!md.contains("producer-1kib.svg"));
    }

    @Test
    void chartsCoverEveryPartThatRan() {
        Map<String, SvgBarChart> charts = SuiteCharts.of(new SuiteFigures(results()));

        assertEquals(Set.of("producer-100b.svg", "consumer.svg", "latency-kafka-clients.svg", "startup.svg", "rss.svg"),
                charts.keySet());
        SvgBarChart.Group cell = charts.get("producer-100b.svg").groups().get(0);
        assertEquals("1.60x | 1.00x", cell.note());
        assertEquals(400_000, cell.values()[0], 1e-6);
    }

    @Test
    void theTlsPartComparesEachClientsRatioOverTlsWithItsRatioOverPlaintext() {
        SuiteResults s = results();
        // Producer: PLAINTEXT Petrel 300k, kc 200k (1.5x); TLS Petrel 240k, kc 150k (1.6x) -> 1.07x met.
        // Consumer: PLAINTEXT Petrel 2M, kc 1M (2.0x); TLS Petrel 900k, kc 600k (1.5x) -> 0.75x missed.
        double[][] rates = {{300_000, 200_000, 240_000, 150_000}, {2_000_000, 1_000_000, 900_000, 600_000}};
        for (Side side : Side.values()) {
            int i = 0;
            for (Transport transport : Transport.values()) {
                for (String client : List.of(P, K)) {
                    double rate = rates[side.ordinal()][i++];
                    s.tlsRuns.add(new TlsRun(side, transport, client, 0, rate, rate * 100 / (1024.0 * 1024.0), 0.1, null));
                }
            }
        }
        SuiteFigures f = new SuiteFigures(s);

        assertEquals(1.6, f.tlsClientRatio(Side.PRODUCER, Transport.TLS), 1e-9);
        assertEquals(1.6 / 1.5, f.tlsOverPlaintextRatio(Side.PRODUCER), 1e-9);
        assertEquals(0.75, f.tlsOverPlaintextRatio(Side.CONSUMER), 1e-9);
        String md = render(s);
        assertTrue(line(md, "| Petrel / kafka-clients over TLS, relative to the same over PLAINTEXT | producer, on Kafka |")
                .contains("| 1.07x | ≥ 1.00x | met |"), md);
        assertTrue(line(md, "| Petrel / kafka-clients over TLS, relative to the same over PLAINTEXT | consumer, on Kafka |")
                .contains("| 0.75x | ≥ 1.00x | **missed** |"), md);
        assertEquals("| producer | TLS | 240,000 (22.9) | 150,000 (14.3) | 1.60x [1.60x] | 0.80x | 0.75x |",
                line(md, "| producer | TLS |"));
        assertEquals("| consumer | TLS ratio / PLAINTEXT ratio |  |  | 0.75x **missed** |  |  |",
                line(md, "| consumer | TLS ratio / PLAINTEXT ratio |"));
    }

    @Test
    void aFailedTlsRunLeavesItsFiguresNotMeasured() {
        SuiteResults s = results();
        s.tlsRuns.add(new TlsRun(Side.PRODUCER, Transport.TLS, P, 0, Double.NaN, Double.NaN, Double.NaN,
                "ConfigException: SSL"));
        s.tlsRuns.add(new TlsRun(Side.PRODUCER, Transport.TLS, K, 0, 100_000, 9.5, 0.1, null));

        assertTrue(Double.isNaN(new SuiteFigures(s).tlsClientRatio(Side.PRODUCER, Transport.TLS)));
        String md = render(s);
        assertTrue(line(md, "| producer | TLS |").contains("| n/a | 100,000 (9.5) | n/a |"), md);
        assertTrue(line(md, "| producer | TLS | Petrel | 1 |").contains("NO: ConfigException: SSL"), md);
    }

    @Test
    void theBrokerBoundIngestRowJudgesRecordsPerSecondAndPerBrokerCpuSecond() {
        SuiteResults s = results();
        for (int r = 0; r < 3; r++) {
            // broker-stub: 2 M records in 1 s on 1 CPU-s; Kafka: 1 M in 1 s (the third repeat 0.5 M) on 2 CPU-s.
            s.ingestRuns.add(new IngestRun(Kind.STUB, 100, "1", r, 2_000_000, 3_000, 2_000_000, 1.0, 1.0, 0.1, null));
            long kafka = r == 2 ? 500_000 : 1_000_000;
            s.ingestRuns.add(new IngestRun(Kind.KAFKA, 100, "1", r, kafka, 1_500, kafka, 1.0, 2.0 * kafka / 1e6, 0.05, null));
        }
        // A run whose log holds fewer records than were acknowledged is a failure, not a figure.
        s.ingestRuns.add(new IngestRun(Kind.STUB, 1024, "all", 0, 500_000, 8_000, 499_000, 1.0, 1.0, 0.1, null));
        s.ingestRuns.add(new IngestRun(Kind.KAFKA, 1024, "all", 0, 400_000, 8_000, 400_000, 1.0, 1.0, 0.1, null));

        String md = render(s);
        assertTrue(line(md, "| broker-stub ingest / Apache Kafka's, same client | broker-bound load, no client |")
                .contains("| 2.00x (2.00x-2.00x) | ≥ 1.50x | met | 1 of 1 |"), md);
        assertTrue(line(md, "| broker-stub ingest per broker CPU-second / Apache Kafka's, same client | broker-bound load, no client |")
                .contains("| 4.00x (4.00x-4.00x) | ≥ 1.50x | met | 1 of 1 |"), md);
        assertEquals("| 100 B | 1 | 2,000,000 (200.0) | 1,000,000 (100.0) | 2.00x met | 0.500 | 2.000 | 4.00x | 0.050 |",
                line(md, "| 100 B | 1 | 2,000,000"));
        assertTrue(line(md, "| 1 KiB | all |").contains("| n/a |"), md);
        assertTrue(line(md, "| 1 KiB, acks=all | broker-stub | 1 |").contains("NO: 499,000 landed of 500,000 acknowledged"), md);
    }
}
