package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleSectionTest {
    private static final String P = SuiteResults.PETREL;
    private static final String K = SuiteResults.KAFKA_CLIENTS;
    private static final List<Long> PARTITIONS = List.of(1L, 10L, 100L, 1000L);

    private static void add(SuiteResults s, ScaleCurve curve, Kind broker, String client, long x, int repeat,
                            double value) {
        s.scalePoints.add(new ScalePoint(curve, broker, client, x, repeat, value, value * 100 / (1024.0 * 1024.0),
                null));
    }

    private static void series(SuiteResults s, ScaleCurve curve, Kind broker, String client, List<Long> xs,
                               double... values) {
        for (int i = 0; i < xs.size(); i++) {
            add(s, curve, broker, client, xs.get(i), 0, values[i]);
        }
    }

    /**
     * Producer throughput by partitions: broker-stub Petrel falls to 0.75x at 100 (repeats at 1: 400k, 100k,
     * 420k: median 400k); broker-stub kafka-clients flat; Kafka Petrel flat; Kafka kafka-clients failed at 1,000.
     * Heap and broker RSS grow by known steps.
     */
    private static SuiteResults results() {
        SuiteResults s = new SuiteResults();
        series(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, P, PARTITIONS, 400_000, 380_000, 300_000, 100_000);
        add(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, P, 1, 1, 100_000);
        add(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, P, 1, 2, 420_000);
        series(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, K, PARTITIONS, 200_000, 200_000, 190_000, 200_000);
        series(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.KAFKA, P, PARTITIONS, 300_000, 300_000, 300_000, 300_000);
        series(s, ScaleCurve.PARTITIONS_PRODUCE, Kind.KAFKA, K, PARTITIONS.subList(0, 3), 150_000, 150_000, 150_000);
        s.scalePoints.add(ScalePoint.failed(ScaleCurve.PARTITIONS_PRODUCE, Kind.KAFKA, K, 1000, 0, "timed out"));
        series(s, ScaleCurve.PRODUCER_HEAP, Kind.STUB, P, PARTITIONS, 1.0, 1.5, 3.0, 13.0);
        series(s, ScaleCurve.PRODUCER_HEAP, Kind.STUB, K, PARTITIONS, 32, 32, 32, 33);
        List<Long> onBroker = List.of(0L, 1L, 11L, 111L, 1111L);
        series(s, ScaleCurve.BROKER_RSS_PARTITIONS, Kind.STUB, "", onBroker, 100, 101, 102, 110, 160);
        series(s, ScaleCurve.BROKER_RSS_PARTITIONS, Kind.KAFKA, "", onBroker, 300, 305, 310, 330, 530);
        series(s, ScaleCurve.BROKER_RSS_CONNECTIONS, Kind.STUB, "", List.of(0L, 1000L), 160, 170);
        series(s, ScaleCurve.BROKER_RSS_CONNECTIONS, Kind.KAFKA, "", List.of(0L, 1000L), 530, 560);
        return s;
    }

    private static String render(SuiteResults s, Set<String> charts) {
        return new SuiteReport(s, SuiteOptions.parse(), charts).render();
    }

    private static String line(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("No line starting with " + start + " in\n" + md));
    }

    @Test
    void pointsAreMediansOverRepeatsAndAFailedRepeatLeavesThePointNotMeasured() {
        ScaleFigures f = new ScaleFigures(results());

        assertEquals(400_000, f.value(ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, P, 1), 1e-6);
        assertTrue(Double.isNaN(f.value(ScaleCurve.PARTITIONS_PRODUCE, Kind.KAFKA, K, 1000)));
        assertEquals(PARTITIONS, f.xs(ScaleCurve.PARTITIONS_PRODUCE));
    }

    @Test
    void memoryPerPartitionAndConnectionComesFromEachCurvesLastStep() {
        ScaleFigures f = new ScaleFigures(results());

        assertEquals((13.0 - 3.0) * 1024 / 900, f.lastStepKiB(ScaleCurve.PRODUCER_HEAP, Kind.STUB, P), 1e-9);
        assertEquals(50 * 1024 / 1000.0, f.lastStepKiB(ScaleCurve.BROKER_RSS_PARTITIONS, Kind.STUB, ""), 1e-9);
        assertEquals(200 * 1024 / 1000.0, f.lastStepKiB(ScaleCurve.BROKER_RSS_PARTITIONS, Kind.KAFKA, ""), 1e-9);
        assertEquals(30 * 1024 / 1000.0, f.lastStepKiB(ScaleCurve.BROKER_RSS_CONNECTIONS, Kind.KAFKA, ""), 1e-9);
    }

    @Test
    void aBendIsTheFirstPointOutsideTheBandAroundTheFirst() {
        ScaleFigures f = new ScaleFigures(results());

        assertEquals(100, f.bend(ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, P, 0.2));
        assertEquals(-1, f.bend(ScaleCurve.PARTITIONS_PRODUCE, Kind.STUB, K, 0.2));
        assertEquals(1111, f.bend(ScaleCurve.BROKER_RSS_PARTITIONS, Kind.STUB, "", 0.2)); // 160 > 1.25 x 100
    }

    @Test
    void theScaleSectionTabulatesEachCurveWithRatiosAndNamesWhereItBends() {
        String md = render(results(), Set.of());

        assertTrue(md.contains("## Scale\n"), md);
        assertEquals("| 100 | 300,000 | 190,000 | 300,000 | 150,000 | 1.58x | 2.00x |", line(md, "| 100 | 300,000"));
        assertEquals("| 1,000 | 100,000 | 200,000 | 300,000 | n/a | 0.50x | n/a |", line(md, "| 1,000 | 100,000"));
        assertTrue(line(md, "Bends: broker-stub, Petrel: at 100 (0.75x of its first point); broker-stub,"
                + " kafka-clients: within ±20% throughout; Kafka, Petrel: within ±20% throughout; Kafka,"
                + " kafka-clients: within ±20% where measured (not measured at 1,000).").contains("Why: Records go round-robin"), md);
        assertEquals("| 1,111 | 160.0 | 530.0 | 0.30x |", line(md, "| 1,111 |"));
        assertEquals("| broker RSS per partition | 51.2 | 204.8 | one record in each |",
                line(md, "| broker RSS per partition |"));
        assertEquals("| broker RSS per connection | 10.2 | 30.7 | 1,000 idle connections after one ApiVersions each |",
                line(md, "| broker RSS per connection |"));
        assertTrue(line(md, "| Petrel's producer heap per partition |")
                .startsWith("| Petrel's producer heap per partition | 11.4 | n/a | by the broker it ran against;"), md);
        assertTrue(line(md, "| kafka-clients' producer heap per partition |").startsWith(
                "| kafka-clients' producer heap per partition | 1.1 | n/a |"), md);
        assertTrue(line(md, "| partitions_produce | 1,000 | Kafka | kafka-clients | 1 |").endsWith("| NO: timed out |"));
    }

    @Test
    void chartsCoverEveryCurveThatRanAndOnlyWrittenOnesAreLinked() {
        Map<String, SvgLineChart> charts = ScaleCharts.of(results());

        assertEquals(Set.of("scale-partitions-produce.svg", "scale-producer-heap.svg", "scale-broker-rss-partitions.svg"),
                charts.keySet());
        charts.values().forEach(c -> assertTrue(c.render().startsWith("<svg")));
        String md = render(results(), Set.of("scale-partitions-produce.svg"));
        assertTrue(md.contains("](scale-partitions-produce.svg)"));
        assertFalse(md.contains("scale-producer-heap.svg"));
    }

    @Test
    void aReportWithoutTheScalePartHasNoScaleSection() {
        assertFalse(render(new SuiteResults(), Set.of()).contains("## Scale"));
    }
}
