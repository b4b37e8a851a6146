package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;
import java.util.UUID;

/**
 * The request of Kafka's ConsumerGroupHeartbeat API (key 68, KIP-848), versions 0-1, flexible from 0: a
 * member of a consumer-protocol group joins (epoch 0), heartbeats, reports what it owns, or leaves
 * (epoch -1, or -2 for a static member that will come back). Null fields mean "unchanged since the
 * last heartbeat".
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerGroupHeartbeatRequest {
    /** The TopicPartitions struct: partitions the member owns, by topic id. */
    public static final class TopicPartitions {
        public static final Field<UUID> TOPIC_ID = Field.uuid("TopicId", "0+");
        public static final Field<List<Integer>> PARTITIONS = Field.<Integer>array("Partitions", "0+",
                FieldType.INT32);
        public static final StructSchema SCHEMA = StructSchema.of("TopicPartitions", TOPIC_ID, PARTITIONS);

        private TopicPartitions() {
        }
    }

    public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
    public static final Field<String> MEMBER_ID = Field.string("MemberId", "0+");
    public static final Field<Integer> MEMBER_EPOCH = Field.int32("MemberEpoch", "0+");
    public static final Field<String> INSTANCE_ID = Field.string("InstanceId", "0+").nullable("0+").withDefault(null);
    public static final Field<String> RACK_ID = Field.string("RackId", "0+").nullable("0+").withDefault(null);
    public static final Field<Integer> REBALANCE_TIMEOUT_MS = Field.int32("RebalanceTimeoutMs", "0+").withDefault(-1);
    public static final Field<List<String>> SUBSCRIBED_TOPIC_NAMES = Field.<String>array("SubscribedTopicNames",
            "0+", FieldType.STRING).nullable("0+").withDefault(null);
    public static final Field<String> SUBSCRIBED_TOPIC_REGEX = Field.string("SubscribedTopicRegex", "1+")
            .nullable("1+").withDefault(null);
    public static final Field<String> SERVER_ASSIGNOR = Field.string("ServerAssignor", "0+").nullable("0+")
            .withDefault(null);
    public static final Field<List<Message>> TOPIC_PARTITIONS = Field.structArray("TopicPartitions", "0+",
            TopicPartitions.SCHEMA).nullable("0+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.request("ConsumerGroupHeartbeatRequest", 68, "0-1", "0+",
            GROUP_ID, MEMBER_ID, MEMBER_EPOCH, INSTANCE_ID, RACK_ID, REBALANCE_TIMEOUT_MS, SUBSCRIBED_TOPIC_NAMES,
            SUBSCRIBED_TOPIC_REGEX, SERVER_ASSIGNOR, TOPIC_PARTITIONS);

    private ConsumerGroupHeartbeatRequest() {
    }
}
