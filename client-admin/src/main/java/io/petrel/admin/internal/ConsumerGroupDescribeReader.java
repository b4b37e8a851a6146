package io.petrel.admin.internal;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.GroupType;
import io.petrel.admin.MemberDescription;
import io.petrel.client.ClientException;
import io.petrel.client.Node;
import io.petrel.client.TopicPartition;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse.Assignment;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse.DescribedGroup;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse.Member;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse.TopicPartitions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one group out of a ConsumerGroupDescribe response (Kafka 4's consumer group protocol). GROUP_ID_NOT_FOUND
 * is how a coordinator says the group is not a consumer group (a classic group, or none at all): that is an
 * empty answer, so the caller asks DescribeGroups instead, as Kafka's Admin does; any other error fails.
 */
final class ConsumerGroupDescribeReader {
    private static final byte CLASSIC_MEMBER = 0;
    private static final byte CONSUMER_MEMBER = 1;

    private ConsumerGroupDescribeReader() {
    }

    static Optional<ConsumerGroupDescription> read(String groupId, Node coordinator, Message body) {
        Message group = body.get(ConsumerGroupDescribeResponse.GROUPS).stream()
                .filter(g -> groupId.equals(g.get(DescribedGroup.GROUP_ID))).findFirst()
                .orElseThrow(() -> new ClientException("ConsumerGroupDescribe answered nothing about " + GroupCalls.group(groupId)));
        short error = group.get(DescribedGroup.ERROR_CODE);
        if (error == ErrorCode.GROUP_ID_NOT_FOUND.code()) {
            return Optional.empty();
        }
        AdminErrors.check(error, group.get(DescribedGroup.ERROR_MESSAGE), GroupCalls.group(groupId));
        List<MemberDescription> members = group.get(DescribedGroup.MEMBERS).stream().map(ConsumerGroupDescribeReader::member).toList();
        return Optional.of(new ConsumerGroupDescription(groupId, group.get(DescribedGroup.GROUP_STATE), "consumer",
                group.get(DescribedGroup.ASSIGNOR_NAME), members, coordinator, GroupType.CONSUMER,
                OptionalInt.of(group.get(DescribedGroup.GROUP_EPOCH)), OptionalInt.of(group.get(DescribedGroup.ASSIGNMENT_EPOCH))));
    }

    private static MemberDescription member(Message m) {
        byte type = m.get(Member.MEMBER_TYPE);
        Optional<Boolean> upgraded = type == CONSUMER_MEMBER ? Optional.of(true)
                : type == CLASSIC_MEMBER ? Optional.of(false) : Optional.empty();
        return new MemberDescription(m.get(Member.MEMBER_ID), m.get(Member.INSTANCE_ID), m.get(Member.CLIENT_ID),
                m.get(Member.CLIENT_HOST), partitions(m.get(Member.ASSIGNMENT)), partitions(m.get(Member.TARGET_ASSIGNMENT)),
                OptionalInt.of(m.get(Member.MEMBER_EPOCH)), upgraded);
    }

    /** The partitions of an assignment, by the topic names the response carries beside the ids. */
    private static List<TopicPartition> partitions(Message assignment) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (assignment == null) {
            return partitions;
        }
        for (Message t : assignment.get(Assignment.TOPIC_PARTITIONS)) {
            for (int p : t.get(TopicPartitions.PARTITIONS)) {
                partitions.add(new TopicPartition(t.get(TopicPartitions.TOPIC_NAME), p));
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }
}
