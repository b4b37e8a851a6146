package io.petrel.broker.internal.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.petrel.broker.internal.log.LogTestSupport.T0;
import static io.petrel.broker.internal.log.LogTestSupport.batch;
import static io.petrel.broker.internal.log.LogTestSupport.batchesOf;
import static io.petrel.broker.internal.log.LogTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Leader epochs across reopenings (each one a new leadership term), their checkpoint, and log start moves. */
class PartitionLogLeaderEpochTest extends PartitionLogFixture {
    PartitionLogLeaderEpochTest() {
        super("epochs-0");
    }

    private void reopen() throws Exception {
        log.close();
        open(config(1 << 20));
    }

    @Test
    void eachOpeningStartsTheNextEpochAndStampsItsBatches() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 3, T0));
        reopen();
        log.append(batch("b", 2, T0));

        assertEquals(1, log.leaderEpoch());
        List<Integer> stamped = batchesOf(log.read(0, 1 << 20, true)).stream()
                .map(b -> b.partitionLeaderEpoch()).toList();
        assertEquals(List.of(0, 1), stamped);
        assertEquals(new PartitionLog.EpochEndOffset(0, 3), log.endOffsetForEpoch(0));
        assertEquals(0, log.epochForOffset(2));
        assertEquals(1, log.epochForOffset(3));
    }

    @Test
    void aLostCheckpointIsRebuiltFromTheBatches() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 3, T0));
        reopen();
        log.append(batch("b", 2, T0));
        log.close();
        Files.delete(dir.resolve(LeaderEpochCache.FILE));

        open(config(1 << 20));

        assertEquals(2, log.leaderEpoch());
        assertEquals(new PartitionLog.EpochEndOffset(0, 3), log.endOffsetForEpoch(0));
        assertEquals(new PartitionLog.EpochEndOffset(1, 5), log.endOffsetForEpoch(1));
    }

    @Test
    void anUnreadableCheckpointIsRebuiltToo() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 3, T0));
        log.close();
        Files.writeString(dir.resolve(LeaderEpochCache.FILE), "0\n7\n0 0\n", StandardCharsets.US_ASCII);

        open(config(1 << 20));

        assertEquals(new PartitionLog.EpochEndOffset(0, 3), log.endOffsetForEpoch(0));
        assertEquals(1, log.leaderEpoch());
    }

    @Test
    void deletingRecordsMovesTheCoveringEpochsStartAndDropsOlderOnes() throws Exception {
        open(config(1 << 20));
        log.append(batch("a", 3, T0));
        reopen();
        log.append(batch("b", 2, T0));
        reopen();
        log.append(batch("c", 2, T0));

        log.deleteRecordsBefore(4);

        assertEquals(Map.of(1, 4L, 2, 5L), epochsInCheckpoint());
        assertEquals(new PartitionLog.EpochEndOffset(0, 4), log.endOffsetForEpoch(0),
                "an epoch older than all known ends where the oldest known begins");
    }

    private Map<Integer, Long> epochsInCheckpoint() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve(LeaderEpochCache.FILE), StandardCharsets.US_ASCII);
        assertEquals("0", lines.get(0));
        java.util.TreeMap<Integer, Long> epochs = new java.util.TreeMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] parts = line.split(" ");
            epochs.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
        assertEquals(Integer.parseInt(lines.get(1)), epochs.size());
        return epochs;
    }
}
