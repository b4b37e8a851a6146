package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EndToEndLatencyTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private static byte[] record(long sentNanos, long sequence) {
        return ByteBuffer.allocate(EndToEndLatency.RECORD_SIZE).putLong(sentNanos).putLong(sequence).array();
    }

    @Test
    void aRecordDueDuringAStallIsLeftOutEvenWhenItWasSentAfterIt() {
        // 1 record/s from 0: records 2, 3, 4 are measured, due at 2, 3 and 4 s. A stall [3.0, 3.1] s held the producer:
        // record 3 left at 3.2 s, past the stall and its 10 ms margin, and arrived 1 ms later; its due time puts it
        // in the stall. Record 1 is the warm-up's and not kept.
        PrimitiveIterator.OfLong clock = LongStream.of(1 * S + MS, 2 * S + MS, 3 * S + 201 * MS, 4 * S + 2 * MS)
                .iterator();
        EndToEndLatency.Receiver receiver = new EndToEndLatency.Receiver(null, 5, 2, clock::nextLong);
        receiver.arrived(record(1 * S, 1));
        receiver.arrived(record(2 * S, 2));
        receiver.arrived(record(3 * S + 200 * MS, 3));
        receiver.arrived(record(4 * S, 4));

        KeptLatencies kept = receiver.kept(StallMask.of(List.<long[]>of(new long[] {3 * S, 3 * S + 100 * MS}),
                StallMask.MARGIN_NANOS), new RateSchedule(0, 1, 5));

        assertEquals(3, kept.received());
        assertEquals(1, kept.masked());
        assertEquals(2, kept.micros().getTotalCount());
        assertEquals(2.0, kept.percentileMs(100), 0.01);
        assertEquals(1.0, kept.percentileMs(0), 0.01);
    }
}
