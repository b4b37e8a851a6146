package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's AddPartitionsToTxn API (key 24), versions 0-5, flexible from 3+. Clients send
 * versions up to 3 (one transaction); brokers verify partitions with the batched form of 4+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AddPartitionsToTxnRequest {
    /** The AddPartitionsToTxnTopic struct. */
    public static final class AddPartitionsToTxnTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("AddPartitionsToTxnTopic", NAME, PARTITIONS);

        private AddPartitionsToTxnTopic() {
        }
    }

    /** The AddPartitionsToTxnTransaction struct. */
    public static final class AddPartitionsToTxnTransaction {
        public static final Field<String> TRANSACTIONAL_ID = Field.string("TransactionalId", "4+");
        public static final Field<Long> PRODUCER_ID = Field.int64("ProducerId", "4+");
        public static final Field<Short> PRODUCER_EPOCH = Field.int16("ProducerEpoch", "4+");
        public static final Field<Boolean> VERIFY_ONLY = Field.bool("VerifyOnly", "4+").withDefault(false);
        public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "4+", AddPartitionsToTxnTopic.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("AddPartitionsToTxnTransaction", TRANSACTIONAL_ID,
                PRODUCER_ID, PRODUCER_EPOCH, VERIFY_ONLY, TOPICS);

        private AddPartitionsToTxnTransaction() {
        }
    }

    public static final Field<List<Message>> TRANSACTIONS = Field.structArray("Transactions", "4+", AddPartitionsToTxnTransaction.SCHEMA);
    public static final Field<String> V3_AND_BELOW_TRANSACTIONAL_ID = Field.string("V3AndBelowTransactionalId", "0-3");
    public static final Field<Long> V3_AND_BELOW_PRODUCER_ID = Field.int64("V3AndBelowProducerId", "0-3");
    public static final Field<Short> V3_AND_BELOW_PRODUCER_EPOCH = Field.int16("V3AndBelowProducerEpoch", "0-3");
    public static final Field<List<Message>> V3_AND_BELOW_TOPICS = Field.structArray("V3AndBelowTopics", "0-3", AddPartitionsToTxnTopic.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("AddPartitionsToTxnRequest", 24, "0-5", "3+",
            TRANSACTIONS, V3_AND_BELOW_TRANSACTIONAL_ID, V3_AND_BELOW_PRODUCER_ID, V3_AND_BELOW_PRODUCER_EPOCH,
            V3_AND_BELOW_TOPICS);

    private AddPartitionsToTxnRequest() {
    }
}
