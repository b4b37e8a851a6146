package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.suite.SuiteOptions.Part;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteOptionsTest {

    @Test
    void theFullRunHasEveryPartAndTheIssuesCounts() {
        SuiteOptions o = SuiteOptions.parse();

        assertFalse(o.quick());
        assertEquals(EnumSet.allOf(Part.class), o.parts());
        assertEquals(3_000_000, o.consumerRecords());
        assertEquals(List.of(1_000, 10_000, 50_000), o.latencyRates());
        assertEquals(List.of("-Xmx1g"), o.brokerJvmOptions());
        assertEquals(Path.of("docs", "benchmarks"), o.out());
    }

    @Test
    void quickIsSmallerEverywhere() {
        SuiteOptions full = SuiteOptions.parse();
        SuiteOptions quick = SuiteOptions.parse("--quick");

        assertTrue(quick.quick());
        assertTrue(quick.producerRecords(100) < full.producerRecords(100));
        assertTrue(quick.producerRecords(1024) < full.producerRecords(1024));
        assertTrue(quick.consumerRecords() < full.consumerRecords());
        assertTrue(quick.latencyMeasured().compareTo(full.latencyMeasured()) < 0);
    }

    @Test
    void onlyRunsTheNamedParts() {
        SuiteOptions o = SuiteOptions.parse("--only", "producer,latency", "--quick");

        assertTrue(o.runs(Part.PRODUCER));
        assertTrue(o.runs(Part.LATENCY));
        assertFalse(o.runs(Part.CONSUMER));
        assertFalse(o.runs(Part.STARTUP));
        assertTrue(o.quick());
    }

    @Test
    void theTlsPartRunsAloneAndInQuickRuns() {
        SuiteOptions o = SuiteOptions.parse("--only", "tls", "--quick");

        assertTrue(o.runs(Part.TLS));
        assertFalse(o.runs(Part.PRODUCER));
        assertTrue(SuiteOptions.parse("--quick").runs(Part.TLS));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--only", "ssl"))
                .getMessage().contains("tls"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--only", "scales"))
                .getMessage().contains("scale"));
    }

    @Test
    void theScalePartRunsAloneInFullAndQuickRunsWithTheIssuesPoints() {
        SuiteOptions only = SuiteOptions.parse("--only", "scale");
        ScaleSettings full = SuiteOptions.parse().scale();
        ScaleSettings quick = SuiteOptions.parse("--quick").scale();

        assertTrue(only.runs(Part.SCALE));
        assertFalse(only.runs(Part.PRODUCER));
        assertTrue(SuiteOptions.parse().runs(Part.SCALE));
        assertTrue(SuiteOptions.parse("--quick").runs(Part.SCALE));
        for (ScaleSettings s : List.of(full, quick)) {
            assertEquals(List.of(1, 10, 100, 1000), s.partitions());
            assertEquals(List.of(1, 4, 16), s.producers());
            assertEquals(List.of(1, 4, 8), s.consumers());
            assertEquals(List.of(10, 100, 1024, 10_240, 102_400), s.recordSizes());
            assertTrue(s.groupPartitions() >= 8, "enough partitions for the largest group");
        }
        assertEquals(List.of(1, 4, 16), full.ownJvmProducers());
        assertTrue(quick.partitionRecords() < full.partitionRecords());
        assertTrue(quick.groupRecords() < full.groupRecords());
        assertTrue(SuiteOptions.USAGE.contains("scale"));
    }

    @Test
    void aRecordSizeRunSendsAboutTheSameBytesWithinItsBounds() {
        ScaleSettings s = SuiteOptions.parse().scale();

        assertEquals(s.sizeMaxRecords(), s.recordsOfSize(10));
        assertEquals(s.sizeBytes() / 1024, s.recordsOfSize(1024));
        assertEquals(Math.max(s.sizeMinRecords(), s.sizeBytes() / 102_400), s.recordsOfSize(102_400));
        assertTrue(102_400 <= ScaleSettings.SIZE_CURVE_BATCH_SIZE, "a 100 KiB record fits a batch");
        assertTrue(ScaleSettings.SIZE_CURVE_BATCH_SIZE <= ScaleSettings.SIZE_CURVE_MAX_REQUEST_SIZE);
    }

    @Test
    void repeatsAndBrokerOptionsAreTaken() {
        SuiteOptions o = SuiteOptions.parse("--repeats", "5", "--broker-jvm-opts", "-Xmx2g -XX:+UseG1GC", "--out", "x");

        assertEquals(5, o.producerRepeats());
        assertEquals(5, o.latencyRepeats());
        assertEquals(List.of("-Xmx2g", "-XX:+UseG1GC"), o.brokerJvmOptions());
        assertEquals(Path.of("x"), o.out());
    }

    @Test
    void badArgumentsNameWhatWasWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--only", "producers"))
                .getMessage().contains("'producers'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--repeats", "0"))
                .getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--fast"))
                .getMessage().contains("'--fast'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--out"))
                .getMessage().contains("needs a value"));
    }
}
