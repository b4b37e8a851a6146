package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's OffsetFetch API (key 9), versions 1-10, flexible from 6+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class OffsetFetchRequest {
    /** The OffsetFetchRequestTopic struct. */
    public static final class OffsetFetchRequestTopic {
        public static final Field<String> NAME = Field.string("Name", "0-7");
        public static final Field<List<Integer>> PARTITION_INDEXES = Field.<Integer>array("PartitionIndexes", "0-7", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchRequestTopic", NAME, PARTITION_INDEXES);

        private OffsetFetchRequestTopic() {
        }
    }

    /** The OffsetFetchRequestTopics struct. */
    public static final class OffsetFetchRequestTopics {
        public static final Field<String> NAME = Field.string("Name", "8-9").ignorable();
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "10+").ignorable();
        public static final Field<List<Integer>> PARTITION_INDEXES = Field.<Integer>array("PartitionIndexes", "8+", FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchRequestTopics", NAME, TOPIC_ID, PARTITION_INDEXES);

        private OffsetFetchRequestTopics() {
        }
    }

    /** The OffsetFetchRequestGroup struct. */
    public static final class OffsetFetchRequestGroup {
        public static final Field<String> GROUP_ID = Field.string("GroupId", "8+");
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "9+").nullable("9+").withDefault(null)
                .ignorable();
        public static final Field<Integer> MEMBER_EPOCH = Field.int32("MemberEpoch", "9+").withDefault(-1).ignorable();
        public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "8+", OffsetFetchRequestTopics.SCHEMA).nullable("8+");
        public static final StructSchema SCHEMA = StructSchema.of("OffsetFetchRequestGroup", GROUP_ID, MEMBER_ID, MEMBER_EPOCH, TOPICS);

        private OffsetFetchRequestGroup() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0-7");
    public static final Field<List<Message>> TOPICS = Field.structArray("Topics", "0-7", OffsetFetchRequestTopic.SCHEMA).nullable("2-7");
    public static final Field<List<Message>> GROUPS = Field.structArray("Groups", "8+", OffsetFetchRequestGroup.SCHEMA);
    public static final Field<Boolean> REQUIRE_STABLE = Field.bool("RequireStable", "7+").withDefault(false);
    public static final MessageSchema SCHEMA = MessageSchema.request("OffsetFetchRequest", 9, "1-10", "6+",
            GROUP_ID, TOPICS, GROUPS, REQUIRE_STABLE);

    private OffsetFetchRequest() {
    }
}
