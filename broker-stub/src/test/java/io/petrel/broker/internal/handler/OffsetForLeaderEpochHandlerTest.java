package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse;
import io.petrel.protocol.schemas.OffsetForLeaderEpochResponse.EpochEndOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OffsetForLeaderEpoch over a partition that lived through three leadership terms (each broker start is one):
 * epoch 0 wrote offsets 0-4, epoch 1 wrote 5-7, epoch 2 (current) wrote 8-9.
 */
class OffsetForLeaderEpochHandlerTest {
    private static final short V4 = 4;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private HandlerFixture fx;

    @BeforeEach
    void threeTerms() throws Exception {
        fx = new HandlerFixture(dir);
        fx.topics.create("t", 2, Map.of());
        fx.topics.partition("t", 0).append(HandlerFixture.batch(5, T0));
        restart();
        fx.topics.partition("t", 0).append(HandlerFixture.batch(3, T0));
        restart();
        fx.topics.partition("t", 0).append(HandlerFixture.batch(2, T0));
    }

    private void restart() throws Exception {
        fx.close();
        fx = new HandlerFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private String ask(String topic, int partition, int current, int epoch) {
        Message response = fx.call(ApiKey.OFFSET_FOR_LEADER_EPOCH, V4,
                Requests.offsetForLeaderEpoch(topic, partition, current, epoch));
        HandlerFixture.parseWithKafka(ApiKey.OFFSET_FOR_LEADER_EPOCH, response, V4);
        Message p = response.get(OffsetForLeaderEpochResponse.TOPICS).get(0)
                .get(OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult.PARTITIONS).get(0);
        return ErrorCode.forCode(p.get(EpochEndOffset.ERROR_CODE)) + " epoch " + p.get(EpochEndOffset.LEADER_EPOCH)
                + " ends at " + p.get(EpochEndOffset.END_OFFSET);
    }

    @Test
    void eachEpochEndsWhereTheNextBeganAndTheCurrentOneAtTheLogEnd() {
        assertEquals("NONE epoch 0 ends at 5", ask("t", 0, 2, 0));
        assertEquals("NONE epoch 1 ends at 8", ask("t", 0, 2, 1));
        assertEquals("NONE epoch 2 ends at 10", ask("t", 0, 2, 2));
        assertEquals("NONE epoch 2 ends at 10", ask("t", 0, -1, 2), "no current epoch given: not checked");
    }

    @Test
    void anEpochNewerThanAnyKnownOrUndefinedHasNoEndOffset() {
        assertEquals("NONE epoch -1 ends at -1", ask("t", 0, 2, 7));
        assertEquals("NONE epoch -1 ends at -1", ask("t", 0, 2, -1));
    }

    @Test
    void aStaleOrFutureCurrentEpochIsFencedOrUnknown() {
        assertEquals("FENCED_LEADER_EPOCH epoch -1 ends at -1", ask("t", 0, 1, 0));
        assertEquals("UNKNOWN_LEADER_EPOCH epoch -1 ends at -1", ask("t", 0, 3, 0));
    }

    @Test
    void anUnknownTopicOrPartitionIsUnknownTopicOrPartition() {
        assertEquals("UNKNOWN_TOPIC_OR_PARTITION epoch -1 ends at -1", ask("missing", 0, -1, 0));
        assertEquals("UNKNOWN_TOPIC_OR_PARTITION epoch -1 ends at -1", ask("t", 9, -1, 0));
    }

    @Test
    void anEmptyPartitionMovesToEachNewEpochAtItsEnd() {
        assertEquals("NONE epoch 2 ends at 0", ask("t", 1, 2, 2));
        assertEquals("NONE epoch 0 ends at 0", ask("t", 1, 2, 0),
                "epochs 0 and 1 wrote nothing, so only epoch 2 at 0 is kept: an older epoch ends where it starts");
    }

    @Test
    void metadataReportsTheCurrentEpochAndTheCheckpointHasKafkasFormat() throws Exception {
        Message metadata = fx.call(ApiKey.METADATA, (short) 12, io.petrel.protocol.schemas.MetadataRequest.SCHEMA
                .newMessage().set(io.petrel.protocol.schemas.MetadataRequest.TOPICS, null));
        Message partition = metadata.get(MetadataResponse.TOPICS).get(0).get(MetadataResponse.MetadataResponseTopic.PARTITIONS)
                .get(0);
        assertEquals(2, partition.get(MetadataResponse.MetadataResponsePartition.LEADER_EPOCH));
        assertEquals(List.of("0", "3", "0 0", "1 5", "2 8"),
                Files.readAllLines(dir.resolve("t-0").resolve("leader-epoch-checkpoint"), StandardCharsets.US_ASCII));
    }
}
