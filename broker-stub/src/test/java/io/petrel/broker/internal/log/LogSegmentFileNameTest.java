package io.petrel.broker.internal.log;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Segment files are named as Kafka names them: the base offset in 20 ASCII digits, zero-padded, then the suffix. */
class LogSegmentFileNameTest {

    @Test
    void namesAreTheBaseOffsetInTwentyDigits() {
        assertEquals("00000000000000000000.log", LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        assertEquals("00000000000000000042.index", LogSegment.fileName(42, LogSegment.INDEX_SUFFIX));
        assertEquals("09223372036854775807.timeindex", LogSegment.fileName(Long.MAX_VALUE, LogSegment.TIME_INDEX_SUFFIX));
    }

    @Test
    void namesAreWhatTheZeroPaddedFormatGives() {
        for (long offset = 1; offset > 0; offset *= 7) {
            assertEquals(String.format(Locale.ROOT, "%020d%s", offset, ".log"), LogSegment.fileName(offset, ".log"));
        }
    }
}
