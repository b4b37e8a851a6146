package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.Cursor;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition;
import io.petrel.protocol.schemas.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The paging of DescribeTopicPartitions as Kafka pages: whole topics in name order up to the limit, then a cursor. */
class DescribeTopicPartitionsHandlerTest {
    private static final short V0 = 0;

    @TempDir
    Path dir;
    private HandlerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new HandlerFixture(dir);
        fx.topics.create("b-three", 3, Map.of());
        fx.topics.create("a-two", 2, Map.of());
        fx.topics.create("c-one", 1, Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Message describe(List<String> names, int limit, String cursorTopic, int cursorPartition) {
        Message request = Requests.describeTopicPartitions(names, limit, cursorTopic, cursorPartition);
        Message response = fx.call(ApiKey.DESCRIBE_TOPIC_PARTITIONS, V0, request);
        HandlerFixture.parseWithKafka(ApiKey.DESCRIBE_TOPIC_PARTITIONS, response, V0);
        return response;
    }

    /** "topic:partition" for every partition answered, in order, and "->topic:partition" for the next cursor. */
    private static List<String> walk(Message response) {
        List<String> seen = new ArrayList<>();
        for (Message t : response.get(DescribeTopicPartitionsResponse.TOPICS)) {
            String name = t.get(DescribeTopicPartitionsResponseTopic.NAME);
            short error = t.get(DescribeTopicPartitionsResponseTopic.ERROR_CODE);
            if (error != 0) {
                seen.add(name + ":" + ErrorCode.forCode(error));
            }
            for (Message p : t.get(DescribeTopicPartitionsResponseTopic.PARTITIONS)) {
                seen.add(name + ":" + p.get(DescribeTopicPartitionsResponsePartition.PARTITION_INDEX));
            }
        }
        Message next = response.get(DescribeTopicPartitionsResponse.NEXT_CURSOR);
        if (next != null) {
            seen.add("->" + next.get(Cursor.TOPIC_NAME) + ":" + next.get(Cursor.PARTITION_INDEX));
        }
        return seen;
    }

    @Test
    void allTopicsComeInNameOrderAndTheLimitCutsInsideATopic() {
        assertEquals(List.of("a-two:0", "a-two:1", "b-three:0", "->b-three:1"), walk(describe(List.of(), 3, null, 0)));
        assertEquals(List.of("b-three:1", "b-three:2", "c-one:0"), walk(describe(List.of(), 3, "b-three", 1)));
    }

    @Test
    void aLimitReachedAtATopicBoundaryPointsTheCursorAtTheNextTopic() {
        assertEquals(List.of("a-two:0", "a-two:1", "->b-three:0"), walk(describe(List.of(), 2, null, 0)));
    }

    @Test
    void namedTopicsAreSortedAndAnUnknownOneIsAnError() {
        assertEquals(List.of("bad/name:INVALID_TOPIC_EXCEPTION", "c-one:0", "missing:UNKNOWN_TOPIC_OR_PARTITION"),
                walk(describe(List.of("missing", "c-one", "bad/name"), 2000, null, 0)));
    }

    @Test
    void aCursorOnATopicNotNamedIsAnInvalidRequest() {
        assertEquals(List.of("a-two:INVALID_REQUEST"), walk(describe(List.of("a-two"), 10, "c-one", 0)));
    }

    @Test
    void theLimitIsCappedAtKafkasTwoThousand() throws Exception {
        fx.topics.create("wide", 2500, Map.of());
        Message response = describe(List.of("wide"), Integer.MAX_VALUE, null, 0);
        Message topic = response.get(DescribeTopicPartitionsResponse.TOPICS).get(0);
        assertEquals(2000, topic.get(DescribeTopicPartitionsResponseTopic.PARTITIONS).size());
        assertEquals(2000, response.get(DescribeTopicPartitionsResponse.NEXT_CURSOR).get(Cursor.PARTITION_INDEX));
        assertNull(describe(List.of("wide"), 2000, "wide", 2000).get(DescribeTopicPartitionsResponse.NEXT_CURSOR));
    }
}
