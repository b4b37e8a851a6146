package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateScheduleTest {
    private static final long START = 5_000_000_000L;

    @Test
    void theFirstRecordIsDueAtTheStartAndOnePerPeriodAfter() {
        RateSchedule s = new RateSchedule(START, 1_000, 10_000);

        assertEquals(0, s.dueBy(START - 1));
        assertEquals(1, s.dueBy(START));
        assertEquals(1, s.dueBy(START + 999_999));
        assertEquals(2, s.dueBy(START + 1_000_000));
        assertEquals(1_001, s.dueBy(START + 1_000_000_000L));
    }

    @Test
    void dueTimesAreEachRecordsDueAtFromTheFirstGivenUpToTheLast() {
        RateSchedule s = new RateSchedule(START, 1_000, 10_000);

        long[] due = s.dueTimes(3, 6);

        assertEquals(3, due.length);
        assertEquals(START + 3_000_000, due[0]);
        assertEquals(s.dueAt(5), due[2]);
    }

    @Test
    void aLateWakeUpFindsEveryRecordSinceDueSoTheRateHolds() {
        RateSchedule s = new RateSchedule(START, 50_000, 1_000_000);

        // Woken 100 µs late after record 0: records 1..5 (every 20 µs) are all due now.
        assertEquals(6, s.dueBy(START + 100_000));
    }

    @Test
    void neverMoreThanTheTotalIsDue() {
        assertEquals(10, new RateSchedule(START, 1_000, 10).dueBy(START + 60_000_000_000L));
    }

    @Test
    void dueAtIsWhenDueByFirstCountsTheRecord() {
        RateSchedule s = new RateSchedule(START, 3_000, 100);

        for (long i = 0; i < 100; i++) {
            assertEquals(i + 1, s.dueBy(s.dueAt(i)), "record " + i);
        }
    }

    @Test
    void refusesANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(START, 0, 10));
    }
}
