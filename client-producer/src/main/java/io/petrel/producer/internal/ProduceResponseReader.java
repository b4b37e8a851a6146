package io.petrel.producer.internal;

import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.Varint;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.BatchIndexAndErrorMessage;
import io.petrel.protocol.schemas.ProduceResponse.LeaderIdAndEpoch;
import io.petrel.protocol.schemas.ProduceResponse.NodeEndpoint;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a Produce response body (v3-13) into the same {@link Message} the response schema's reader gives, field by
 * field in wire order, for the Produce path alone.
 *
 * <p>Why not the schema's reader: a producer reads one Produce response per request, a few hundred a second at
 * 100 B records, so the generic reader (a walk over the schema's layout, recursing through structs and arrays)
 * reached the JIT's top tier only after thousands of requests, and then as one compiled unit of ~65 KB with every
 * struct, array and string path inlined, compiled twice in a producer's first half minute (issue #17: C2 compiling
 * was up to half of a producer JVM's CPU in its first runs). This reader is straight-line code of the one message,
 * small enough to compile early and cheaply. The schema stays the declaration: {@code ProduceResponseReaderTest}
 * checks that both readers give equal messages for every version, and the same checks on lengths and counts apply
 * (each against the bytes left, before anything is allocated).
 */
final class ProduceResponseReader {
    private static final short FIRST_FLEXIBLE = 9;
    private static final short FIRST_WITH_LEADER_HINTS = 10;
    private static final short FIRST_WITH_TOPIC_IDS = 13;

    private final ByteBuffer buf;
    private final short version;
    private final boolean flexible;

    private ProduceResponseReader(ByteBuffer buf, short version) {
        this.buf = buf;
        this.version = version;
        this.flexible = version >= FIRST_FLEXIBLE;
    }

    /** The response body in {@code buf} (after the response header), read to its end. */
    static Message read(ByteBuffer buf, short version) {
        if (!ProduceResponse.SCHEMA.validVersions().contains(version)) {
            throw new ProtocolException("ProduceResponse v" + version + " is not a version this reader knows (3-13)");
        }
        try {
            return new ProduceResponseReader(buf, version).response();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new ProtocolException("Message ProduceResponse v" + version
                    + " is cut off: the buffer ended inside it", e);
        }
    }

    private Message response() {
        Message response = ProduceResponse.SCHEMA.newMessage();
        int topics = count("Responses");
        List<Message> responses = new ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            responses.add(topic());
        }
        response.set(ProduceResponse.RESPONSES, responses);
        response.set(ProduceResponse.THROTTLE_TIME_MS, buf.getInt());
        taggedFields(() -> response.set(ProduceResponse.NODE_ENDPOINTS, nodeEndpoints()));
        return response;
    }

    private Message topic() {
        Message topic = Message.of(TopicProduceResponse.SCHEMA);
        if (version >= FIRST_WITH_TOPIC_IDS) {
            topic.set(TopicProduceResponse.TOPIC_ID, new UUID(buf.getLong(), buf.getLong()));
        } else {
            topic.set(TopicProduceResponse.NAME, string(TopicProduceResponse.NAME.name(), false));
        }
        int partitions = count("PartitionResponses");
        List<Message> responses = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            responses.add(partition());
        }
        topic.set(TopicProduceResponse.PARTITION_RESPONSES, responses);
        skipTaggedFields();
        return topic;
    }

    private Message partition() {
        Message partition = Message.of(PartitionProduceResponse.SCHEMA)
                .set(PartitionProduceResponse.INDEX, buf.getInt())
                .set(PartitionProduceResponse.ERROR_CODE, buf.getShort())
                .set(PartitionProduceResponse.BASE_OFFSET, buf.getLong())
                .set(PartitionProduceResponse.LOG_APPEND_TIME_MS, buf.getLong());
        if (version >= 5) {
            partition.set(PartitionProduceResponse.LOG_START_OFFSET, buf.getLong());
        }
        if (version >= 8) {
            partition.set(PartitionProduceResponse.RECORD_ERRORS, recordErrors());
            partition.set(PartitionProduceResponse.ERROR_MESSAGE,
                    string(PartitionProduceResponse.ERROR_MESSAGE.name(), true));
        }
        taggedFields(() -> partition.set(PartitionProduceResponse.CURRENT_LEADER, currentLeader()));
        return partition;
    }

    private List<Message> recordErrors() {
        int errors = count("RecordErrors");
        List<Message> list = new ArrayList<>(errors);
        for (int i = 0; i < errors; i++) {
            Message error = Message.of(BatchIndexAndErrorMessage.SCHEMA)
                    .set(BatchIndexAndErrorMessage.BATCH_INDEX, buf.getInt())
                    .set(BatchIndexAndErrorMessage.BATCH_INDEX_ERROR_MESSAGE,
                            string(BatchIndexAndErrorMessage.BATCH_INDEX_ERROR_MESSAGE.name(), true));
            skipTaggedFields();
            list.add(error);
        }
        return list;
    }

    private Message currentLeader() {
        Message leader = Message.of(LeaderIdAndEpoch.SCHEMA)
                .set(LeaderIdAndEpoch.LEADER_ID, buf.getInt())
                .set(LeaderIdAndEpoch.LEADER_EPOCH, buf.getInt());
        skipTaggedFields();
        return leader;
    }

    private List<Message> nodeEndpoints() {
        int nodes = count("NodeEndpoints");
        List<Message> list = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            Message node = Message.of(NodeEndpoint.SCHEMA)
                    .set(NodeEndpoint.NODE_ID, buf.getInt())
                    .set(NodeEndpoint.HOST, string(NodeEndpoint.HOST.name(), false))
                    .set(NodeEndpoint.PORT, buf.getInt())
                    .set(NodeEndpoint.RACK, string(NodeEndpoint.RACK.name(), true));
            skipTaggedFields();
            list.add(node);
        }
        return list;
    }

    /** An array's element count: compact (unsigned varint of count + 1) in flexible versions, else an int32. */
    private int count(String field) {
        int count = flexible ? Varint.readUnsignedInt(buf) - 1 : buf.getInt();
        // Every element takes at least one byte on the wire, so a count past the bytes left is a lie.
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("The element count of array " + field + " is " + count + ", but only "
                    + buf.remaining() + " bytes remain");
        }
        return count;
    }

    private String string(String field, boolean nullable) {
        int length = flexible ? Varint.readUnsignedInt(buf) - 1 : buf.getShort();
        if (length == -1 && nullable) {
            return null;
        }
        length(length, "length of string ", field);
        ByteBuffer bytes = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("String " + field + " is not valid UTF-8", e);
        }
    }

    private int taggedFieldCount() {
        int count = Varint.readUnsignedInt(buf);
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("The tagged field count is " + count + ", but only " + buf.remaining()
                    + " bytes remain");
        }
        return count;
    }

    /** Skips a struct's tagged fields in flexible versions: none that this reader knows lie where it calls this. */
    private void skipTaggedFields() {
        taggedFields(null);
    }

    /**
     * A struct's tagged fields in flexible versions: tag 0, from v10 on, through {@code tagZero} (the one tagged
     * field of each struct that has one), any other skipped, as the schema's reader does with tags it does not know.
     */
    private void taggedFields(Runnable tagZero) {
        if (!flexible) {
            return;
        }
        int fields = taggedFieldCount();
        int previousTag = -1;
        for (int i = 0; i < fields; i++) {
            int tag = Varint.readUnsignedInt(buf);
            if (tag <= previousTag) {
                throw new ProtocolException("Tagged field " + tag + " is out of order: tags must ascend, previous was "
                        + previousTag);
            }
            previousTag = tag;
            int size = length(Varint.readUnsignedInt(buf), "size of tagged field ", tag);
            int end = buf.position() + size;
            if (tag == 0 && tagZero != null && version >= FIRST_WITH_LEADER_HINTS) {
                tagZero.run();
                if (buf.position() != end) {
                    throw new ProtocolException("Tagged field " + tag + " declares " + size
                            + " bytes but its value used " + (size + buf.position() - end));
                }
            } else {
                buf.position(end);
            }
        }
    }

    /** {@code what} and {@code of} are joined only when the check fails: it runs for every string and tagged field. */
    private int length(int length, String what, Object of) {
        if (length < 0 || length > buf.remaining()) {
            throw new ProtocolException("The " + what + of + " is " + length + " bytes, but only " + buf.remaining()
                    + " remain");
        }
        return length;
    }
}
