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
