package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest {

    @Test
    void anAtLeastTargetIsMetOnTheBoundAndAbove() {
        Target t = Target.atLeast("producer ratio", 1.3, "x");

        assertEquals(Target.Verdict.MET, t.judge(1.3));
        assertEquals(Target.Verdict.MET, t.judge(2));
        assertEquals(Target.Verdict.MISSED, t.judge(1.29));
        assertEquals("≥ 1.30x", t.bound());
    }

    @Test
    void anAtMostTargetIsMetOnTheBoundAndBelow() {
        Target t = Target.atMost("start", 0.1, " s");

        assertEquals(Target.Verdict.MET, t.judge(0.1));
        assertEquals(Target.Verdict.MISSED, t.judge(0.11));
        assertEquals("≤ 0.10 s", t.bound());
    }

    @Test
    void aFigureNotMeasuredIsNeitherMetNorMissed() {
        assertEquals(Target.Verdict.NOT_MEASURED, Target.atLeast("x", 1, "x").judge(Double.NaN));
    }

    @Test
    void theWorstOfSeveralFiguresIsTheOneNearestToMissing() {
        List<Double> figures = List.of(1.4, Double.NaN, 0.9, 1.1);

        assertEquals(0.9, Target.atLeast("producer ratio", 1.3, "x").worst(figures));
        assertEquals(1.4, Target.atMost("p99 ratio", 1.0, "x").worst(figures));
        assertTrue(Double.isNaN(Target.atLeast("x", 1, "x").worst(List.of(Double.NaN))));
    }
}
