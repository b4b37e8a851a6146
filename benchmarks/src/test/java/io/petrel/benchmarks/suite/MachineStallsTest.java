package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.suite.MachineStalls.Stall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MachineStallsTest {
    private static final long MS = 1_000_000L;

    private static Stall lateWakeUp(long fromMs, long toMs) {
        return new Stall(fromMs * MS, toMs * MS, toMs - fromMs, 0, true);
    }

    @Test
    void aGcPauseEndingWithinTheNotificationsMillisecondBeforeALateWakeUpExplainsIt() {
        // The collectors report pause times in whole ms, so a pause reported as ending at 99.5 ms may have ended
        // at 100.4 ms, inside the probe's late window [100, 115].
        GcPauses gc = GcPauses.of(List.of(new long[] {90 * MS, 99 * MS + MS / 2}));

        assertEquals(List.of(), MachineStalls.outside(List.of(lateWakeUp(100, 115)), gc));
    }

    @Test
    void aGcPauseEndingWithinTheMillisecondAfterALateWakeUpExplainsIt() {
        GcPauses gc = GcPauses.of(List.of(new long[] {115 * MS + MS / 2, 130 * MS}));

        assertEquals(List.of(), MachineStalls.outside(List.of(lateWakeUp(100, 115)), gc));
    }

    @Test
    void aLateWakeUpNoGcPauseComesNearIsAStallOfTheMachine() {
        Stall late = lateWakeUp(100, 115);
        GcPauses gc = GcPauses.of(List.of(new long[] {50 * MS, 98 * MS}, new long[] {117 * MS, 120 * MS}));

        assertEquals(List.of(late), MachineStalls.outside(List.of(late), gc));
    }

    @Test
    void aStealBurstCountsEvenWhenAGcPauseOverlapsIt() {
        // Steal is the host taking a CPU: a pause of this JVM in the same window does not explain it.
        Stall steal = new Stall(100 * MS, 200 * MS, 30, 30, false);
        GcPauses gc = GcPauses.of(List.of(new long[] {120 * MS, 150 * MS}));

        assertEquals(List.of(steal), MachineStalls.outside(List.of(steal), gc));
    }
}
