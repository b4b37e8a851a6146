package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckTimelineTest {
    private static final long MS = 1_000_000;

    @Test
    void theLongestGapIsFoundWhereverItIsAndSaysHowManyRequestsCameBeforeIt() {
        // Two connections' times, unsorted: a stall of 900 ms after the third acknowledgement.
        AckTimeline t = new AckTimeline(new long[] {10 * MS, 1_020 * MS, 20 * MS, 30 * MS, 930 * MS});
        assertEquals(new AckTimeline.Gap(900, 3), t.longestGap());
        assertEquals(new AckTimeline.Gap(50, 0), new AckTimeline(new long[] {50 * MS, 60 * MS}).longestGap(),
                "from the start of the run to the first answer counts");
    }

    @Test
    void millisPerThousandIsTheSpanBetweenTwoRequestsScaledAndNaNPastTheRun() {
        long[] times = new long[3_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = (i < 2_000 ? i : i + 500) * MS; // 1 ms apart, then a 500 ms stall after request 2,000
        }
        AckTimeline t = new AckTimeline(times);
        assertEquals(1_000.0, t.millisPerThousand(1_000, 2_000), 1e-9);
        assertEquals(1_500.0, t.millisPerThousand(2_000, 3_000), 1e-9, "the stall counts in the span holding it");
        assertTrue(Double.isNaN(t.millisPerThousand(2_000, 3_001)), "the run did not get that far");
    }
}
