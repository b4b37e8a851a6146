package io.petrel.admin.internal;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.GroupIdNotFoundException;
import io.petrel.admin.GroupListing;
import io.petrel.admin.GroupType;
import io.petrel.admin.MemberDescription;
import io.petrel.admin.OffsetAndMetadata;
import io.petrel.admin.ResourceResults;
import io.petrel.client.ClientException;
import io.petrel.client.Node;
import io.petrel.client.TopicPartition;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerGroupDescribeRequest;
import io.petrel.protocol.schemas.DeleteGroupsRequest;
import io.petrel.protocol.schemas.DeleteGroupsResponse;
import io.petrel.protocol.schemas.DeleteGroupsResponse.DeletableGroupResult;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroup;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroupMember;
import io.petrel.protocol.schemas.LeaveGroupRequest;
import io.petrel.protocol.schemas.LeaveGroupRequest.MemberIdentity;
import io.petrel.protocol.schemas.LeaveGroupResponse;
import io.petrel.protocol.schemas.LeaveGroupResponse.MemberResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.ListGroupsResponse.ListedGroup;
import io.petrel.protocol.schemas.OffsetCommitRequest;
import io.petrel.protocol.schemas.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.petrel.protocol.schemas.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.petrel.protocol.schemas.OffsetCommitResponse;
import io.petrel.protocol.schemas.OffsetCommitResponse.OffsetCommitResponsePartition;
import io.petrel.protocol.schemas.OffsetCommitResponse.OffsetCommitResponseTopic;
import io.petrel.protocol.schemas.OffsetDeleteRequest;
import io.petrel.protocol.schemas.OffsetDeleteRequest.OffsetDeleteRequestPartition;
import io.petrel.protocol.schemas.OffsetDeleteRequest.OffsetDeleteRequestTopic;
import io.petrel.protocol.schemas.OffsetDeleteResponse;
import io.petrel.protocol.schemas.OffsetDeleteResponse.OffsetDeleteResponsePartition;
import io.petrel.protocol.schemas.OffsetDeleteResponse.OffsetDeleteResponseTopic;
import io.petrel.protocol.schemas.OffsetFetchRequest;
import io.petrel.protocol.schemas.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponsePartitions;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.petrel.protocol.schemas.OffsetFetchResponse.OffsetFetchResponseTopics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The group calls: ListGroups on every broker; for one group, its coordinator (client-core's CoordinatorLookup)
 * then ConsumerGroupDescribe falling back to DescribeGroups (as Kafka's Admin describes), DeleteGroups, OffsetFetch, OffsetCommit, OffsetDelete or LeaveGroup. Each group is one
 * retried attempt (lookup and request), so a coordinator still loading or just moved is found again.
 *
 * <p>OffsetFetch and OffsetCommit are sent at v9 at most: from v10 they name topics by id only, which would cost
 * a Metadata lookup per call for nothing an admin needs.
 */
final class GroupCalls {
    private static final short BY_TOPIC_NAME_MAX_VERSION = 9;
    private static final int NO_GENERATION = -1;
    private static final PartitionsByTopic OFFSET_COMMIT_TOPICS = new PartitionsByTopic(OffsetCommitRequestTopic.SCHEMA,
            OffsetCommitRequestTopic.NAME, OffsetCommitRequestTopic.PARTITIONS);
    private static final PartitionsByTopic OFFSET_DELETE_TOPICS = new PartitionsByTopic(OffsetDeleteRequestTopic.SCHEMA,
            OffsetDeleteRequestTopic.NAME, OffsetDeleteRequestTopic.PARTITIONS);

    private final AdminRequests requests;

    GroupCalls(AdminRequests requests) {
        this.requests = requests;
    }

    CompletableFuture<Collection<GroupListing>> listGroups() {
        return requests.retrying("ListGroups", requests::brokers).thenCompose(brokers -> {
            List<CompletableFuture<List<GroupListing>>> perBroker = brokers.keySet().stream()
                    .map(node -> requests.<ClientNetwork.Response>retrying("ListGroups", () -> requests.toNode(node,
                            ApiKey.LIST_GROUPS, version -> ListGroupsRequest.SCHEMA.newMessage())).thenApply(GroupCalls::listings))
                    .toList();
            return CompletableFuture.allOf(perBroker.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Map<String, GroupListing> all = new TreeMap<>();
                perBroker.forEach(f -> f.join().forEach(g -> all.put(g.groupId(), g)));
                return List.copyOf(all.values());
            });
        });
    }

    private static List<GroupListing> listings(ClientNetwork.Response response) {
        Message body = response.body();
        AdminErrors.check(body.get(ListGroupsResponse.ERROR_CODE), null, "The groups of broker " + response.nodeId());
        // GroupType is in ListGroups v5+ (Kafka 3.8+); before, the broker does not say.
        return body.get(ListGroupsResponse.GROUPS).stream().map(g -> new GroupListing(g.get(ListedGroup.GROUP_ID),
                g.get(ListedGroup.PROTOCOL_TYPE), g.get(ListedGroup.GROUP_STATE) == null ? "" : g.get(ListedGroup.GROUP_STATE),
                GroupType.parse(response.version() >= 5 ? g.get(ListedGroup.GROUP_TYPE) : null))).toList();
    }

    CompletableFuture<Collection<GroupListing>> listConsumerGroups() {
        return listGroups().thenApply(groups -> groups.stream().filter(GroupListing::isConsumerGroup).toList());
    }

    ResourceResults<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds) {
        Map<String, CompletableFuture<ConsumerGroupDescription>> results = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            results.put(groupId, requests.retrying("DescribeConsumerGroups", () -> requests.coordinator(groupId)
                    .thenCompose(node -> describeAsConsumerGroup(groupId, node).thenCompose(described -> described
                            .map(CompletableFuture::completedFuture)
                            .orElseGet(() -> describeAsClassicGroup(groupId, node))))));
        }
        return new ResourceResults<>(results);
    }

    /**
     * ConsumerGroupDescribe, as Kafka's Admin asks first; empty when the group is not a consumer group or the
     * broker does not offer the API (before Kafka 3.7/4.0), so DescribeGroups describes it.
     */
    private CompletableFuture<Optional<ConsumerGroupDescription>> describeAsConsumerGroup(String groupId, Node node) {
        return requests.toNode(node.id(), ApiKey.CONSUMER_GROUP_DESCRIBE, version -> ConsumerGroupDescribeRequest.SCHEMA
                        .newMessage().set(ConsumerGroupDescribeRequest.GROUP_IDS, List.of(groupId)))
                .thenApply(response -> ConsumerGroupDescribeReader.read(groupId, node, response.body()))
                .exceptionallyCompose(failure -> AdminRequests.unwrap(failure) instanceof UnsupportedVersionException
                        ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(failure));
    }

    private CompletableFuture<ConsumerGroupDescription> describeAsClassicGroup(String groupId, Node node) {
        return requests.toNode(node.id(), ApiKey.DESCRIBE_GROUPS, version -> DescribeGroupsRequest.SCHEMA.newMessage()
                        .set(DescribeGroupsRequest.GROUPS, List.of(groupId)))
                .thenApply(response -> description(groupId, node, response.body()));
    }

    private static ConsumerGroupDescription description(String groupId, Node coordinator, Message body) {
        Message group = body.get(DescribeGroupsResponse.GROUPS).stream()
                .filter(g -> groupId.equals(g.get(DescribedGroup.GROUP_ID))).findFirst()
                .orElseThrow(() -> new ClientException("DescribeGroups answered nothing about " + group(groupId)));
        AdminErrors.check(group.get(DescribedGroup.ERROR_CODE), group.get(DescribedGroup.ERROR_MESSAGE), group(groupId));
        if ("Dead".equals(group.get(DescribedGroup.GROUP_STATE)) && group.get(DescribedGroup.MEMBERS).isEmpty()) {
            // A classic coordinator reports a group it does not know as Dead; Kafka's Admin (4.x) calls that not found.
            throw new GroupIdNotFoundException(group(groupId) + ": the group does not exist");
        }
        String protocolType = group.get(DescribedGroup.PROTOCOL_TYPE);
        List<MemberDescription> members = new ArrayList<>();
        for (Message m : group.get(DescribedGroup.MEMBERS)) {
            List<TopicPartition> assignment = "consumer".equals(protocolType)
                    ? ConsumerAssignment.decode(m.get(DescribedGroupMember.MEMBER_ASSIGNMENT)) : List.of();
            members.add(MemberDescription.classic(m.get(DescribedGroupMember.MEMBER_ID), m.get(DescribedGroupMember.GROUP_INSTANCE_ID),
                    m.get(DescribedGroupMember.CLIENT_ID), m.get(DescribedGroupMember.CLIENT_HOST), assignment));
        }
        return ConsumerGroupDescription.classic(groupId, group.get(DescribedGroup.GROUP_STATE), protocolType,
                group.get(DescribedGroup.PROTOCOL_DATA), members, coordinator);
    }

    ResourceResults<String, Void> deleteConsumerGroups(Collection<String> groupIds) {
        Map<String, CompletableFuture<Void>> results = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            results.put(groupId, requests.retrying("DeleteGroups", () -> requests.toCoordinator(groupId, ApiKey.DELETE_GROUPS,
                    version -> DeleteGroupsRequest.SCHEMA.newMessage().set(DeleteGroupsRequest.GROUPS_NAMES, List.of(groupId)))
                    .thenApply(response -> {
                        for (Message r : response.body().get(DeleteGroupsResponse.RESULTS)) {
                            if (groupId.equals(r.get(DeletableGroupResult.GROUP_ID))) {
                                AdminErrors.check(r.get(DeletableGroupResult.ERROR_CODE), null, group(groupId));
                                return null;
                            }
                        }
                        throw new ClientException("DeleteGroups answered nothing about " + group(groupId));
                    })));
        }
        return new ResourceResults<>(results);
    }

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId) {
        RequestBody body = RequestBody.atMost(BY_TOPIC_NAME_MAX_VERSION, version -> version >= 8
                ? OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUPS, List.of(
                Message.of(OffsetFetchRequestGroup.SCHEMA).set(OffsetFetchRequestGroup.GROUP_ID, groupId)
                        .set(OffsetFetchRequestGroup.TOPICS, null)))
                : OffsetFetchRequest.SCHEMA.newMessage().set(OffsetFetchRequest.GROUP_ID, groupId)
                .set(OffsetFetchRequest.TOPICS, null));
        return requests.retrying("OffsetFetch", () -> requests.toCoordinator(groupId, ApiKey.OFFSET_FETCH, body)
                .thenApply(response -> committed(groupId, response)));
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String groupId, ClientNetwork.Response response) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        Message body = response.body();
        if (response.version() < 8) {
            AdminErrors.check(body.get(OffsetFetchResponse.ERROR_CODE), null, group(groupId));
            for (Message t : body.get(OffsetFetchResponse.TOPICS)) {
                for (Message p : t.get(OffsetFetchResponseTopic.PARTITIONS)) {
                    add(offsets, new TopicPartition(t.get(OffsetFetchResponseTopic.NAME), p.get(OffsetFetchResponsePartition.PARTITION_INDEX)),
                            p.get(OffsetFetchResponsePartition.COMMITTED_OFFSET), p.get(OffsetFetchResponsePartition.METADATA),
                            p.get(OffsetFetchResponsePartition.ERROR_CODE));
                }
            }
            return offsets;
        }
        for (Message g : body.get(OffsetFetchResponse.GROUPS)) {
            AdminErrors.check(g.get(OffsetFetchResponseGroup.ERROR_CODE), null, group(groupId));
            for (Message t : g.get(OffsetFetchResponseGroup.TOPICS)) {
                for (Message p : t.get(OffsetFetchResponseTopics.PARTITIONS)) {
                    add(offsets, new TopicPartition(t.get(OffsetFetchResponseTopics.NAME), p.get(OffsetFetchResponsePartitions.PARTITION_INDEX)),
                            p.get(OffsetFetchResponsePartitions.COMMITTED_OFFSET), p.get(OffsetFetchResponsePartitions.METADATA),
                            p.get(OffsetFetchResponsePartitions.ERROR_CODE));
                }
            }
        }
        return offsets;
    }

    private static void add(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition tp, long offset, String metadata,
                            short error) {
        AdminErrors.check(error, null, OffsetCalls.partition(tp));
        if (offset >= 0) {
            offsets.put(tp, new OffsetAndMetadata(offset, metadata));
        }
    }

    ResourceResults<TopicPartition, Void> alterConsumerGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        PerResource<TopicPartition, Void> results = new PerResource<>(offsets.keySet(), OffsetCalls::partition);
        List<Message> request = OFFSET_COMMIT_TOPICS.topics(offsets.keySet(), tp -> Message.of(OffsetCommitRequestPartition.SCHEMA)
                .set(OffsetCommitRequestPartition.PARTITION_INDEX, tp.partition())
                .set(OffsetCommitRequestPartition.COMMITTED_OFFSET, offsets.get(tp).offset())
                .set(OffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH, -1)
                .set(OffsetCommitRequestPartition.COMMITTED_METADATA, offsets.get(tp).metadata()));
        // An admin commits as no member of no generation: the coordinator accepts that only while the group is empty.
        RequestBody body = RequestBody.atMost(BY_TOPIC_NAME_MAX_VERSION, version -> OffsetCommitRequest.SCHEMA.newMessage()
                .set(OffsetCommitRequest.GROUP_ID, groupId)
                .set(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH, NO_GENERATION)
                .set(OffsetCommitRequest.MEMBER_ID, "")
                .set(OffsetCommitRequest.GROUP_INSTANCE_ID, null)
                .set(OffsetCommitRequest.TOPICS, request));
        return results.settle(requests.retrying("OffsetCommit", () -> requests.toCoordinator(groupId, ApiKey.OFFSET_COMMIT, body)),
                (response, r) -> {
                    for (Message t : response.body().get(OffsetCommitResponse.TOPICS)) {
                        for (Message p : t.get(OffsetCommitResponseTopic.PARTITIONS)) {
                            r.completeOrFail(new TopicPartition(t.get(OffsetCommitResponseTopic.NAME),
                                            p.get(OffsetCommitResponsePartition.PARTITION_INDEX)),
                                    p.get(OffsetCommitResponsePartition.ERROR_CODE), null, null);
                        }
                    }
                });
    }

    ResourceResults<TopicPartition, Void> deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        PerResource<TopicPartition, Void> results = new PerResource<>(partitions, OffsetCalls::partition);
        List<Message> request = OFFSET_DELETE_TOPICS.topics(partitions, tp -> Message.of(OffsetDeleteRequestPartition.SCHEMA)
                .set(OffsetDeleteRequestPartition.PARTITION_INDEX, tp.partition()));
        return results.settle(requests.retrying("OffsetDelete", () -> requests.toCoordinator(groupId, ApiKey.OFFSET_DELETE,
                        version -> OffsetDeleteRequest.SCHEMA.newMessage()
                                .set(OffsetDeleteRequest.GROUP_ID, groupId).set(OffsetDeleteRequest.TOPICS, request))
                .thenApply(response -> {
                    // A group-wide error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP...) fails every partition; retried if transient.
                    AdminErrors.check(response.body().get(OffsetDeleteResponse.ERROR_CODE), null, group(groupId));
                    return response;
                })), (response, r) -> {
            for (Message t : response.body().get(OffsetDeleteResponse.TOPICS)) {
                for (Message p : t.get(OffsetDeleteResponseTopic.PARTITIONS)) {
                    r.completeOrFail(new TopicPartition(t.get(OffsetDeleteResponseTopic.NAME),
                                    p.get(OffsetDeleteResponsePartition.PARTITION_INDEX)),
                            p.get(OffsetDeleteResponsePartition.ERROR_CODE), null, null);
                }
            }
        });
    }

    /** The reason LeaveGroup v5+ gives the broker for each member removed, as kafka-clients' Admin gives it. */
    private static final String REMOVED_BY_ADMIN = "member was removed by an admin";

    ResourceResults<String, Void> removeMembersFromConsumerGroup(String groupId, Collection<String> groupInstanceIds) {
        if (!groupInstanceIds.isEmpty()) {
            return leave(groupId, groupInstanceIds.stream().map(id -> leaving(null, id)).toList());
        }
        // Removing every member: describing the group (ConsumerGroupDescribe or DescribeGroups, whichever kind it
        // is) says who they are, then one LeaveGroup names them as kafka-clients' Admin does: a static member by its
        // instance id alone (so one that came back under a new member id meanwhile still goes), a dynamic one by
        // its member id. Kafka 4 applies it to a consumer-protocol group too, fencing those members. The one
        // future, named by the group id, completes once every member left.
        CompletableFuture<Void> all = describeConsumerGroups(List.of(groupId)).values().get(groupId).thenCompose(group -> {
            List<Message> members = group.members().stream().map(m -> leaving(m.memberId(), m.groupInstanceId())).toList();
            return leave(groupId, members).all().thenApply(ignored -> (Void) null);
        });
        return new ResourceResults<>(Map.of(groupId, all));
    }

    /** A member to remove: by instance id when it has one (member id left empty), else by member id. */
    private static Message leaving(String memberId, String groupInstanceId) {
        return Message.of(MemberIdentity.SCHEMA)
                .set(MemberIdentity.MEMBER_ID, groupInstanceId != null ? "" : memberId)
                .set(MemberIdentity.GROUP_INSTANCE_ID, groupInstanceId)
                .set(MemberIdentity.REASON, REMOVED_BY_ADMIN);
    }

    /** What a member's future is named by: its instance id, or its member id for a dynamic member. */
    private static String memberKey(String memberId, String groupInstanceId) {
        return groupInstanceId != null ? groupInstanceId : memberId;
    }

    private ResourceResults<String, Void> leave(String groupId, List<Message> members) {
        List<String> keys = members.stream().map(m -> memberKey(m.get(MemberIdentity.MEMBER_ID),
                m.get(MemberIdentity.GROUP_INSTANCE_ID))).toList();
        PerResource<String, Void> results = new PerResource<>(keys, id -> "Member " + id + " of " + group(groupId));
        if (keys.isEmpty()) {
            return results.results();
        }
        RequestBody body = version -> {
            if (version < 3) {
                throw new UnsupportedVersionException("Removing members needs LeaveGroup v3+, the broker speaks v" + version);
            }
            return LeaveGroupRequest.SCHEMA.newMessage().set(LeaveGroupRequest.GROUP_ID, groupId)
                    .set(LeaveGroupRequest.MEMBERS, members);
        };
        return results.settle(requests.retrying("LeaveGroup", () -> requests.toCoordinator(groupId, ApiKey.LEAVE_GROUP, body)
                .thenApply(response -> {
                    AdminErrors.check(response.body().get(LeaveGroupResponse.ERROR_CODE), null, group(groupId));
                    return response;
                })), (response, r) -> {
            for (Message m : response.body().get(LeaveGroupResponse.MEMBERS)) {
                String key = memberKey(m.get(MemberResponse.MEMBER_ID), m.get(MemberResponse.GROUP_INSTANCE_ID));
                r.completeOrFail(key, m.get(MemberResponse.ERROR_CODE), null, null);
            }
        });
    }

    static String group(String groupId) {
        return "Group '" + groupId + "'";
    }
}
