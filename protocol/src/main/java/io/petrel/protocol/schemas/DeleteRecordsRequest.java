package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DeleteRecords API (key 21), versions 0-2, flexible from 2+: move partitions' log start offsets forward.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteRecordsRequest {
    /** The DeleteRecordsPartition struct: an offset of -1 deletes up to the high watermark. */
    public static final class DeleteRecordsPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Long> OFFSET = Field.int64("Offset", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DeleteRecordsPartition", PARTITION_INDEX, OFFSET);

        private DeleteRecordsPartition() {
        }
    }

    /** The DeleteRecordsTopic struct. */
    public static final class DeleteRecordsTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+", DeleteRecordsPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("DeleteRecordsTopic", NAME, PARTITIONS);

        private DeleteRecordsTopic() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", DeleteRecordsTopic.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DeleteRecordsRequest", 21, "0-2", "2+",
            TOPICS, TIMEOUT_MS);

    private DeleteRecordsRequest() {
    }
}
