package io.petrel.samples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactlyOnceCopySampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void anAbortedCopyStaysInvisibleTheCommittedOneAppearsOnceWithTheGroupsOffsets() throws Exception {
        SyncSendSample.run(broker, new SampleRun().out);
        SampleRun run = new SampleRun();

        ExactlyOnceCopySample.Result first = ExactlyOnceCopySample.run(broker, run.out);

        int copied = first.input().size();
        assertTrue(copied > 0, "the sync sample's records are there to copy");
        assertEquals(List.of(), first.committedAfterAbort(), "read_committed never sees the aborted copies");
        assertEquals(copied, first.uncommittedAfterAbort().size(), "read_uncommitted sees them");
        assertEquals(upper(first.input()), sorted(first.committedAfterCommit()), "each input once, upper-cased");
        assertEquals(copied, first.groupOffsets().values().stream().mapToLong(Long::longValue).sum(),
                "the offsets were committed with the copies");
        assertTrue(run.output().contains("aborted a transaction of " + copied + " copies: a read_committed reader of "
                + ExactlyOnceCopySample.OUTPUT + " sees 0 records, a read_uncommitted one " + copied), run.output());

        ExactlyOnceCopySample.Result second = ExactlyOnceCopySample.run(broker, new SampleRun().out);
        assertEquals(List.of(), second.input(), "the group goes on after what it copied");
        assertEquals(sorted(first.committedAfterCommit()), sorted(second.committedAfterCommit()), "nothing copied twice");
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(String::toUpperCase).sorted().toList();
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
