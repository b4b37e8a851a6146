package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's CreatePartitions API (key 37), versions 0-3, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreatePartitionsRequest {
    /** The CreatePartitionsAssignment struct. */
    public static final class CreatePartitionsAssignment {
        public static final Field<List<Integer>> BROKER_IDS = Field.<Integer>array("BrokerIds", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("CreatePartitionsAssignment", BROKER_IDS);

        private CreatePartitionsAssignment() {
        }
    }

    /** The CreatePartitionsTopic struct. */
    public static final class CreatePartitionsTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Integer> COUNT = Field.int32("Count", "0+");
        public static final Field<List<Message>> ASSIGNMENTS = Field.structArray("Assignments", "0+", CreatePartitionsAssignment.SCHEMA).nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("CreatePartitionsTopic", NAME, COUNT, ASSIGNMENTS);

        private CreatePartitionsTopic() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", CreatePartitionsTopic.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = Field.int32("TimeoutMs", "0+");
    public static final Field<Boolean> VALIDATE_ONLY = Field.bool("ValidateOnly", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("CreatePartitionsRequest", 37, "0-3", "2+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreatePartitionsRequest() {
    }
}
