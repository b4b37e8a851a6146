package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's CreateTopics API (key 19), versions 2-7, flexible from 5+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class CreateTopicsRequest {
    /** The CreatableReplicaAssignment struct. */
    public static final class CreatableReplicaAssignment {
        public static final Field<Integer> PARTITION_INDEX = Field.int32("PartitionIndex", "0+");
        public static final Field<List<Integer>> BROKER_IDS = Field.<Integer>array("BrokerIds", "0+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("CreatableReplicaAssignment", PARTITION_INDEX, BROKER_IDS);

        private CreatableReplicaAssignment() {
        }
    }

    /** The CreatableTopicConfig struct. */
    public static final class CreatableTopicConfig {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<String> VALUE = Field.string("Value", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("CreatableTopicConfig", NAME, VALUE);

        private CreatableTopicConfig() {
        }
    }

    /** The CreatableTopic struct. */
    public static final class CreatableTopic {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Integer> NUM_PARTITIONS = Field.int32("NumPartitions", "0+");
        public static final Field<Short> REPLICATION_FACTOR = Field.int16("ReplicationFactor", "0+");
        public static final Field<List<Message>> ASSIGNMENTS = Field.structArray("Assignments", "0+", CreatableReplicaAssignment.SCHEMA);
        public static final Field<List<Message>> CONFIGS = Field.structArray("Configs", "0+", CreatableTopicConfig.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("CreatableTopic", NAME, NUM_PARTITIONS, REPLICATION_FACTOR, ASSIGNMENTS, CONFIGS);

        private CreatableTopic() {
        }
    }

    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0+", CreatableTopic.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = Field.int32("timeoutMs", "0+").withDefault(60000);
    public static final Field<Boolean> VALIDATE_ONLY = Field.bool("validateOnly", "1+").withDefault(false);
    public static final MessageSchema SCHEMA = MessageSchema.request("CreateTopicsRequest", 19, "2-7", "5+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreateTopicsRequest() {
    }
}
