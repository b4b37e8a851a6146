package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediansTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertEquals(3.0, Medians.of(List.of(9.0, 1.0, 3.0)));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Medians.of(4.0, 1.0, 2.0, 3.0));
    }

    @Test
    void notMeasuredValuesAreLeftOutAndNoneLeftIsNotMeasured() {
        assertEquals(2.0, Medians.of(1.0, Double.NaN, 3.0));
        assertTrue(Double.isNaN(Medians.of(List.of())));
        assertTrue(Double.isNaN(Medians.of(Double.NaN)));
    }

    @Test
    void aRatioWithAMissingOrZeroSideIsNotMeasured() {
        assertEquals(1.5, Medians.ratio(3, 2));
        assertTrue(Double.isNaN(Medians.ratio(3, 0)));
        assertTrue(Double.isNaN(Medians.ratio(Double.NaN, 2)));
    }

    @Test
    void pairRatiosAreTakenWithinEachPairBeforeTheMedian() {
        // Ratios 2.0, 1.0, 1.2: median 1.2, while the ratio of the medians would be 200 / 100 = 2.0.
        assertEquals(1.2, Medians.ofPairRatios(List.of(200.0, 300.0, 120.0), List.of(100.0, 300.0, 100.0)), 1e-9);
    }

    @Test
    void pairsNeedAsManyRunsOnEachSide() {
        assertThrows(IllegalArgumentException.class, () -> Medians.ofPairRatios(List.of(1.0), List.of()));
    }
}
