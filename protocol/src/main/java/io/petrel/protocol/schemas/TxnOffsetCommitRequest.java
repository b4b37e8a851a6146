package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's TxnOffsetCommit API (key 28), versions 0-5, flexible from 3+: a consumer group's
 * offsets committed as part of a transaction. Version 5 (transactions version 2) also adds the group to the
 * transaction, which version 1 of the protocol does with AddOffsetsToTxn.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class TxnOffsetCommitRequest {
    /** The TxnOffsetCommitRequestPartition struct. */
    public static final class TxnOffsetCommitRequestPartition {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<Long> COMMITTED_OFFSET = Field.int64("CommittedOffset", "0+");
        public static final Field<Integer> COMMITTED_LEADER_EPOCH = Field.int32("CommittedLeaderEpoch", "2+")
                .withDefault(-1).ignorable();
        public static final Field<String> COMMITTED_METADATA = Field.string("CommittedMetadata", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("TxnOffsetCommitRequestPartition", PARTITION_INDEX,
                COMMITTED_OFFSET, COMMITTED_LEADER_EPOCH, COMMITTED_METADATA);

        private TxnOffsetCommitRequestPartition() {
        }
    }

    /** The TxnOffsetCommitRequestTopic struct. */
    public static final class TxnOffsetCommitRequestTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Message>> PARTITIONS = Field.structArray("Partitions", "0+",
                TxnOffsetCommitRequestPartition.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("TxnOffsetCommitRequestTopic", NAME, PARTITIONS);

        private TxnOffsetCommitRequestTopic() {
        }
    }

    public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "0+");
    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "0+");
    public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "0+");
    public static final Field<Integer> GENERATION_ID = Field.int32("GenerationId", "3+").withDefault(-1);
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "3+").withDefault("");
    public static final Field<String> GROUP_INSTANCE_ID = Field.string("GroupInstanceId", "3+").nullable("3+")
            .withDefault(null);
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", TxnOffsetCommitRequestTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("TxnOffsetCommitRequest", 28, "0-5", "3+",
            TRANSACTIONAL_ID, GROUP_ID, PRODUCER_ID, PRODUCER_EPOCH, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID,
            TOPICS);

    private TxnOffsetCommitRequest() {
    }
}
