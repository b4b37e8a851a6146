package io.petrel.benchmarks.producer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OtherLoadTest {

    @Test
    void otherLoadIsTheMachinesBusyCoresLessOurOwn() {
        // Half of 2 cores busy for 0.5 s = 0.5 CPU-s, of which the benchmark's processes used 0.3: 0.4 cores other.
        assertEquals(0.4, OtherLoad.otherCores(0.5, 2, 0.5, 0.3), 1e-9);
    }

    @Test
    void ourOwnCpuCountedAboveTheMachinesNeverMakesNegativeLoad() {
        // CPU accounting of the two sources ticks at different times: a small overshoot is no load at all.
        assertEquals(0, OtherLoad.otherCores(0.25, 2, 0.5, 0.3), 1e-9);
    }
}
