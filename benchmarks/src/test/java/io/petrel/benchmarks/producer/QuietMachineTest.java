package io.petrel.benchmarks.producer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuietMachineTest {

    @Test
    void quietMeansBelowTheThresholdAndUnknownCountsAsQuiet() {
        assertTrue(QuietMachine.isQuiet(0.1, 0.25));
        assertFalse(QuietMachine.isQuiet(0.25, 0.25));
        assertTrue(QuietMachine.isQuiet(Double.NaN, 0.25));
    }

    @Test
    void refusesANonsenseThreshold() {
        assertThrows(IllegalArgumentException.class, () -> new QuietMachine(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new QuietMachine(0.25, Duration.ofSeconds(-1)));
    }
}
