package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.fetchsession.PartitionAnswer;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.SplicedRecords;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.FetchResponse.FetchableTopicResponse;
import io.petrel.protocol.schemas.FetchResponse.PartitionData;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Fetch response body as a fetch session sees it: one {@link PartitionAnswer} per partition, in body order, and the
 * body cut down to the partitions an incremental response carries.
 */
final class SessionAnswers {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Field<Object> RAW_RECORDS = (Field) PartitionData.RECORDS;

    private SessionAnswers() {
    }

    /** What the body says of each partition, in order of its topics and their partitions. */
    static List<PartitionAnswer> of(Message body) {
        List<PartitionAnswer> answers = new ArrayList<>();
        for (Message topic : body.get(FetchResponse.RESPONSES)) {
            for (Message p : topic.get(FetchableTopicResponse.PARTITIONS)) {
                answers.add(new PartitionAnswer(p.get(PartitionData.ERROR_CODE), p.get(PartitionData.HIGH_WATERMARK),
                        p.get(PartitionData.LAST_STABLE_OFFSET), p.get(PartitionData.LOG_START_OFFSET),
                        recordBytes(p)));
            }
        }
        return answers;
    }

    /** Keeps in the body only the partitions marked carried (in body order), and only topics left with some. */
    static void keep(Message body, boolean[] carried) {
        List<Message> topics = new ArrayList<>();
        int i = 0;
        for (Message topic : body.get(FetchResponse.RESPONSES)) {
            List<Message> kept = new ArrayList<>();
            for (Message p : topic.get(FetchableTopicResponse.PARTITIONS)) {
                if (carried[i++]) {
                    kept.add(p);
                }
            }
            if (!kept.isEmpty()) {
                topic.set(FetchableTopicResponse.PARTITIONS, kept);
                topics.add(topic);
            }
        }
        body.set(FetchResponse.RESPONSES, topics);
    }

    private static int recordBytes(Message partition) {
        Object value = partition.get(RAW_RECORDS);
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof SplicedRecords spliced) {
            return spliced.sizeInBytes();
        }
        return 0;
    }
}
