package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.suite.MachineStalls.Stall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    private static MachineStalls.StealSample reading(long ms, long cpu0, long cpu1) {
        return new MachineStalls.StealSample(ms * MS, new long[] {cpu0, cpu1});
    }

    @Test
    void aStealBurstSpansOnlyTheReadingsInWhichItsCpusStealGrew() {
        // Readings every 10 ms over 100 ms; CPU 1 lost 2 jiffies (20 ms) between 40 and 60 ms, CPU 0 one at 90 ms.
        List<MachineStalls.StealSample> readings = List.of(reading(0, 5, 7), reading(10, 5, 7), reading(20, 5, 7),
                reading(30, 5, 7), reading(40, 5, 7), reading(50, 5, 8), reading(60, 5, 9), reading(70, 5, 9),
                reading(80, 5, 9), reading(90, 6, 9), reading(100, 6, 9));

        assertArrayEquals(new long[] {40 * MS, 60 * MS}, MachineStalls.stealSpan(readings, 1));
        assertArrayEquals(new long[] {80 * MS, 90 * MS}, MachineStalls.stealSpan(readings, 0));
    }

    @Test
    void aCpuWhoseStealDidNotGrowSpansTheWholeWindow() {
        List<MachineStalls.StealSample> readings = List.of(reading(0, 5, 7), reading(10, 5, 7));

        assertArrayEquals(new long[] {0, 10 * MS}, MachineStalls.stealSpan(readings, 0));
    }
}
