package io.petrel.tools.internal.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerProtocolAssignment;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroup;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroupMember;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.ListGroupsResponse.ListedGroup;
import io.petrel.protocol.schemas.ListOffsetsRequest;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsPartition;
import io.petrel.protocol.schemas.ListOffsetsRequest.ListOffsetsTopic;
import io.petrel.protocol.schemas.ListOffsetsResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsPartitionResponse;
import io.petrel.protocol.schemas.ListOffsetsResponse.ListOffsetsTopicResponse;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Group administration for {@link ClusterAdmin}: ListGroups on every broker, and for one group FindCoordinator,
 * then DescribeGroups (members, with their consumer protocol assignments decoded) and OffsetFetch (committed
 * offsets, by name or, from OffsetFetch v10, by topic id), plus ListOffsets on each partition's leader for the
 * log end offsets that lag is measured against.
 */
final class GroupAdmin {
    private static final long LATEST_TIMESTAMP = -1L;

    private final AdminChannel channel;

    GroupAdmin(AdminChannel channel) {
        this.channel = channel;
    }

    /** Every group of every broker, sorted by id. */
    List<GroupListing> listGroups() {
        Map<String, GroupListing> groups = new TreeMap<>();
        for (int node : channel.metadata(List.of()).brokers().keySet()) {
            Message response = channel.sendTo(node, ApiKey.LIST_GROUPS, version -> ListGroupsRequest.SCHEMA.newMessage(), "ListGroups").body();
            AdminChannel.throwIfError(response.get(ListGroupsResponse.ERROR_CODE), null, "Groups could not be listed");
            for (Message g : response.get(ListGroupsResponse.GROUPS)) {
                String id = g.get(ListedGroup.GROUP_ID);
                groups.put(id, new GroupListing(id, g.get(ListedGroup.PROTOCOL_TYPE), nullToEmpty(g.get(ListedGroup.GROUP_STATE))));
            }
        }
        return List.copyOf(groups.values());
    }

    /**
     * A group's state and members, with the partitions assigned to each (decoded from the consumer protocol).
     * A group the coordinator does not know is reported in state Dead, as Kafka's coordinator answers.
     */
    GroupDescription describeGroup(String groupId) {
        int coordinator = findCoordinator(groupId);
        Message response = channel.sendTo(coordinator, ApiKey.DESCRIBE_GROUPS, version -> DescribeGroupsRequest.SCHEMA.newMessage()
                .set(DescribeGroupsRequest.GROUPS, List.of(groupId)), "DescribeGroups").body();
        Message group = response.get(DescribeGroupsResponse.GROUPS).get(0);
        AdminChannel.throwIfError(group.get(DescribedGroup.ERROR_CODE), group.get(DescribedGroup.ERROR_MESSAGE),
                "Group '" + groupId + "' could not be described");
        String protocolType = group.get(DescribedGroup.PROTOCOL_TYPE);
        List<MemberDescription> members = new ArrayList<>();
        for (Message m : group.get(DescribedGroup.MEMBERS)) {
            List<TopicPartition> assignment = "consumer".equals(protocolType)
                    ? consumerAssignment(m.get(DescribedGroupMember.MEMBER_ASSIGNMENT)) : List.of();
            members.add(new MemberDescription(m.get(DescribedGroupMember.MEMBER_ID), m.get(DescribedGroupMember.GROUP_INSTANCE_ID),
                    m.get(DescribedGroupMember.CLIENT_ID), m.get(DescribedGroupMember.CLIENT_HOST), assignment));
        }
        return new GroupDescription(groupId, group.get(DescribedGroup.GROUP_STATE), protocolType,
                group.get(DescribedGroup.PROTOCOL_DATA), members);
    }

    /**
     * The offsets a group committed, by partition; partitions with nothing committed are left out.
     *
     * @throws BrokerErrorException GROUP_ID_NOT_FOUND and the like
     */
    Map<TopicPartition, Long> committedOffsets(String groupId) {
        int coordinator = findCoordinator(groupId);
        ClientNetwork.Response response = channel.sendTo(coordinator, ApiKey.OFFSET_FETCH, version -> version >= 8
                ? OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUPS, List.of(
                        Message.of(OffsetFetchRequestGroup.SCHEMA).set(OffsetFetchRequestGroup.GROUP_ID, groupId)
                                .set(OffsetFetchRequestGroup.TOPICS, null)))
                : OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUP_ID, groupId)
                        .set(OffsetFetchRequest.TOPICS, null), "OffsetFetch");
        return response.version() >= 8 ? committedV8(groupId, response.body()) : committedV1(groupId, response.body());
    }

    private Map<TopicPartition, Long> committedV1(String groupId, Message body) {
        AdminChannel.throwIfError(body.get(OffsetFetchResponse.ERROR_CODE), null, "Offsets of group '" + groupId + "' could not be read");
        Map<TopicPartition, Long> offsets = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        for (Message t : body.get(OffsetFetchResponse.TOPICS)) {
            for (Message p : t.get(OffsetFetchResponseTopic.PARTITIONS)) {
                addCommitted(offsets, new TopicPartition(t.get(OffsetFetchResponseTopic.NAME), p.get(OffsetFetchResponsePartition.PARTITION_INDEX)),
                        p.get(OffsetFetchResponsePartition.COMMITTED_OFFSET), p.get(OffsetFetchResponsePartition.ERROR_CODE));
            }
        }
        return offsets;
    }

    private Map<TopicPartition, Long> committedV8(String groupId, Message body) {
        Map<TopicPartition, Long> offsets = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        Map<UUID, String> names = null;
        for (Message g : body.get(OffsetFetchResponse.GROUPS)) {
            AdminChannel.throwIfError(g.get(OffsetFetchResponseGroup.ERROR_CODE), null, "Offsets of group '" + groupId + "' could not be read");
            for (Message t : g.get(OffsetFetchResponseGroup.TOPICS)) {
                String topic = t.get(OffsetFetchResponseTopics.NAME);
                if (topic == null || topic.isEmpty()) {
                    // OffsetFetch v10 names topics by id only.
                    names = names != null ? names : topicNamesById();
                    topic = names.get(t.get(OffsetFetchResponseTopics.TOPIC_ID));
                    if (topic == null) {
                        continue;
                    }
                }
                for (Message p : t.get(OffsetFetchResponseTopics.PARTITIONS)) {
                    addCommitted(offsets, new TopicPartition(topic, p.get(OffsetFetchResponsePartitions.PARTITION_INDEX)),
                            p.get(OffsetFetchResponsePartitions.COMMITTED_OFFSET), p.get(OffsetFetchResponsePartitions.ERROR_CODE));
                }
            }
        }
        return offsets;
    }

    private static void addCommitted(Map<TopicPartition, Long> offsets, TopicPartition tp, long offset, short error) {
        AdminChannel.throwIfError(error, null, "The committed offset of " + tp.topic() + "-" + tp.partition() + " could not be read");
        if (offset >= 0) {
            offsets.put(tp, offset);
        }
    }

    private Map<UUID, String> topicNamesById() {
        Map<UUID, String> names = new HashMap<>();
        channel.metadata(null).topics().values().forEach(t -> {
            if (t.id() != null) {
                names.put(t.id(), t.name());
            }
        });
        return names;
    }

    /** The log end offset (the offset the next record will get) of each partition, asked of its leader. */
    Map<TopicPartition, Long> logEndOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        AdminChannel.MetadataView view = channel.metadata(partitions.stream().map(TopicPartition::topic).distinct().toList());
        Map<Integer, Map<String, List<Integer>>> byLeader = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            int leader = view.leader(tp);
            byLeader.computeIfAbsent(leader, l -> new TreeMap<>()).computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        Map<TopicPartition, Long> ends = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        byLeader.forEach((leader, topics) -> ends.putAll(listLatestOffsets(leader, topics)));
        return ends;
    }

    private Map<TopicPartition, Long> listLatestOffsets(int leader, Map<String, List<Integer>> topics) {
        List<Message> requestTopics = new ArrayList<>();
        topics.forEach((topic, indexes) -> requestTopics.add(Message.of(ListOffsetsTopic.SCHEMA)
                .set(ListOffsetsTopic.NAME, topic)
                .set(ListOffsetsTopic.PARTITIONS, indexes.stream().map(i -> Message.of(ListOffsetsPartition.SCHEMA)
                        .set(ListOffsetsPartition.PARTITION_INDEX, i)
                        .set(ListOffsetsPartition.TIMESTAMP, LATEST_TIMESTAMP)).toList())));
        Message response = channel.sendTo(leader, ApiKey.LIST_OFFSETS, version -> ListOffsetsRequest.SCHEMA.newMessage()
                .set(ListOffsetsRequest.REPLICA_ID, -1)
                .set(ListOffsetsRequest.ISOLATION_LEVEL, (byte) 0)
                .set(ListOffsetsRequest.TOPICS, requestTopics)
                .set(ListOffsetsRequest.TIMEOUT_MS, (int) channel.apiTimeout().toMillis()), "ListOffsets").body();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Message t : response.get(ListOffsetsResponse.TOPICS)) {
            String topic = t.get(ListOffsetsTopicResponse.NAME);
            for (Message p : t.get(ListOffsetsTopicResponse.PARTITIONS)) {
                int partition = p.get(ListOffsetsPartitionResponse.PARTITION_INDEX);
                AdminChannel.throwIfError(p.get(ListOffsetsPartitionResponse.ERROR_CODE), null,
                        "The end offset of " + topic + "-" + partition + " could not be read");
                ends.put(new TopicPartition(topic, partition), p.get(ListOffsetsPartitionResponse.OFFSET));
            }
        }
        return ends;
    }

    private int findCoordinator(String groupId) {
        return channel.findCoordinator(CoordinatorType.GROUP, groupId);
    }

    private static List<TopicPartition> consumerAssignment(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        // A newer assignment version starts with the fields of the newest one we know, as Kafka's clients assume.
        short version = (short) Math.min(buffer.getShort(), ConsumerProtocolAssignment.SCHEMA.validVersions().highest());
        Message assignment = ConsumerProtocolAssignment.SCHEMA.read(buffer, version);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Message t : assignment.get(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)) {
            String topic = t.get(ConsumerProtocolAssignment.TopicPartition.TOPIC);
            for (int p : t.get(ConsumerProtocolAssignment.TopicPartition.PARTITIONS)) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        partitions.sort(ClusterAdmin.PARTITION_ORDER);
        return partitions;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
