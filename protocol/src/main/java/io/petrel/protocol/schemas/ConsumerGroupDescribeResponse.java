package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The response of Kafka's ConsumerGroupDescribe API (key 69, KIP-848), versions 0-1, flexible from 0: per
 * group its state, epochs and assignor, and per member its current and target assignment.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerGroupDescribeResponse {
    /** The TopicPartitions struct: unlike the heartbeat's, it names the topic as well as its id. */
    public static final class TopicPartitions {
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "0+");
        public static final Field<String> TOPIC_NAME = Field.string("TopicName", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+",
                FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicPartitions", TOPIC_ID, TOPIC_NAME,
                PARTITIONS);

        private TopicPartitions() {
        }
    }

    /** The Assignment struct. */
    public static final class Assignment {
        public static final Field<List<Message>> TOPIC_PARTITIONS = Field.structArray("TopicPartitions", "0+",
                TopicPartitions.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("Assignment", TOPIC_PARTITIONS);

        private Assignment() {
        }
    }

    /** The Member struct. */
    public static final class Member {
        public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
        public static final Field<String> INSTANCE_ID = Field.string("InstanceId", "0+").nullable("0+")
                .withDefault(null);
        public static final Field<String> RACK_ID = Field.string("RackId", "0+").nullable("0+").withDefault(null);
        public static final Field<Integer> MEMBER_EPOCH = Field.int32("MemberEpoch", "0+");
        public static final Field<String> CLIENT_ID = Field.string("ClientId", "0+");
        public static final Field<String> CLIENT_HOST = Field.string("ClientHost", "0+");
        public static final Field<List<String>> SUBSCRIBED_TOPIC_NAMES = Field.<String>array("SubscribedTopicNames",
                "0+", FieldType.STRING);
        public static final Field<String> SUBSCRIBED_TOPIC_REGEX = Field.string("SubscribedTopicRegex", "0+")
                .nullable("0+").withDefault(null);
        public static final Field<Message> ASSIGNMENT = Field.struct("Assignment", "0+", Assignment.SCHEMA);
        public static final Field<Message> TARGET_ASSIGNMENT = Field.struct("TargetAssignment", "0+",
                Assignment.SCHEMA);
        /** -1 unknown, 0 a classic-protocol member of the group, 1 a consumer-protocol member. */
        public static final Field<Byte> MEMBER_TYPE = Field.int8("MemberType", "1+").withDefault((byte) -1)
                .ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("Member", MEMBER_ID, INSTANCE_ID, RACK_ID,
                MEMBER_EPOCH, CLIENT_ID, CLIENT_HOST, SUBSCRIBED_TOPIC_NAMES, SUBSCRIBED_TOPIC_REGEX, ASSIGNMENT,
                TARGET_ASSIGNMENT, MEMBER_TYPE);

        private Member() {
        }
    }

    /** The DescribedGroup struct. */
    public static final class DescribedGroup {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
        public static final Field<String> GROUP_STATE = Field.string("GroupState", "0+");
        public static final Field<Integer> GROUP_EPOCH = Field.int32("GroupEpoch", "0+");
        public static final Field<Integer> ASSIGNMENT_EPOCH = Field.int32("AssignmentEpoch", "0+");
        public static final Field<String> ASSIGNOR_NAME = Field.string("AssignorName", "0+");
        public static final Field<List<Message>> MEMBERS = Field.structArray("Members", "0+", Member.SCHEMA);
        public static final Field<Integer> AUTHORIZED_OPERATIONS = Field.int32("AuthorizedOperations", "0+")
                .withDefault(Integer.MIN_VALUE);
        public static final StructSchema SCHEMA = StructSchema.of("DescribedGroup", ERROR_CODE, ERROR_MESSAGE,
                GROUP_ID, GROUP_STATE, GROUP_EPOCH, ASSIGNMENT_EPOCH, ASSIGNOR_NAME, MEMBERS, AUTHORIZED_OPERATIONS);

        private DescribedGroup() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> GROUPS = Field.structArray("Groups", "0+", DescribedGroup.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("ConsumerGroupDescribeResponse", 69, "0-1",
            "0+", THROTTLE_TIME_MS, GROUPS);

    private ConsumerGroupDescribeResponse() {
    }
}
