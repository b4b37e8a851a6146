package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.AuthorizedOperations;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ConsumerGroupDescribeRequest;
import io.petrel.protocol.schemas.ConsumerGroupDescribeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ConsumerGroupDescribe (KIP-848, v0-1): each consumer-protocol group's state, epochs, assignor and members
 * with their subscriptions, current and target assignments (topics by id and name). As Kafka: a classic group or an
 * unknown one is GROUP_ID_NOT_FOUND with a message saying which (Kafka's Admin then falls back to DescribeGroups),
 * and DESCRIBE on the group is needed (else GROUP_AUTHORIZATION_FAILED).
 */
final class ConsumerGroupDescribeHandler implements RequestHandler {
    /** MemberType of a consumer-protocol member (v1+). */
    private static final byte CLASSIC_MEMBER = 0;
    private static final byte CONSUMER_MEMBER = 1;

    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    ConsumerGroupDescribeHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public Versions versions() {
        return ApiKey.CONSUMER_GROUP_DESCRIBE.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        boolean withOperations = request.get(ConsumerGroupDescribeRequest.INCLUDE_AUTHORIZED_OPERATIONS);
        List<Message> out = new ArrayList<>();
        for (String groupId : request.get(ConsumerGroupDescribeRequest.GROUP_IDS)) {
            if (!access.allowedOnGroup(context, AclOperation.DESCRIBE, groupId)) {
                out.add(error(groupId, ErrorCode.GROUP_AUTHORIZATION_FAILED, null));
                continue;
            }
            Integer operations = withOperations ? AuthorizedOperations.group(access, context, groupId) : null;
            out.add(coordinator.serving(() -> describe(groupId, operations)));
        }
        return ConsumerGroupDescribeResponse.SCHEMA.newMessage()
                .set(ConsumerGroupDescribeResponse.THROTTLE_TIME_MS, 0)
                .set(ConsumerGroupDescribeResponse.GROUPS, out);
    }

    private static Message error(String groupId, ErrorCode error, String message) {
        return Message.of(ConsumerGroupDescribeResponse.DescribedGroup.SCHEMA)
                .set(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_ID, groupId == null ? "" : groupId)
                .set(ConsumerGroupDescribeResponse.DescribedGroup.ERROR_CODE, error.code())
                .set(ConsumerGroupDescribeResponse.DescribedGroup.ERROR_MESSAGE, message);
    }

    /** Under the lock. */
    private Message describe(String groupId, Integer operations) {
        ConsumerGroup group = groupId == null ? null : coordinator.consumerGroups().group(groupId);
        if (group == null) {
            boolean classic = groupId != null && coordinator.groups().group(groupId) != null;
            return error(groupId, ErrorCode.GROUP_ID_NOT_FOUND,
                    "Group " + groupId + (classic ? " is not a consumer group." : " not found."));
        }
        List<Message> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            members.add(Message.of(ConsumerGroupDescribeResponse.Member.SCHEMA)
                    .set(ConsumerGroupDescribeResponse.Member.MEMBER_ID, m.memberId())
                    .set(ConsumerGroupDescribeResponse.Member.INSTANCE_ID, m.instanceId())
                    .set(ConsumerGroupDescribeResponse.Member.RACK_ID, m.rackId())
                    .set(ConsumerGroupDescribeResponse.Member.MEMBER_EPOCH, m.memberEpoch())
                    .set(ConsumerGroupDescribeResponse.Member.CLIENT_ID, m.clientId() == null ? "" : m.clientId())
                    .set(ConsumerGroupDescribeResponse.Member.CLIENT_HOST, m.clientHost() == null ? "" : m.clientHost())
                    .set(ConsumerGroupDescribeResponse.Member.SUBSCRIBED_TOPIC_NAMES, m.subscribedTopicNames())
                    .set(ConsumerGroupDescribeResponse.Member.SUBSCRIBED_TOPIC_REGEX, m.subscribedTopicRegex())
                    .set(ConsumerGroupDescribeResponse.Member.ASSIGNMENT, assignment(m.assigned()))
                    .set(ConsumerGroupDescribeResponse.Member.TARGET_ASSIGNMENT,
                            assignment(group.targetAssignment(m.memberId())))
                    .set(ConsumerGroupDescribeResponse.Member.MEMBER_TYPE,
                            m.usesClassicProtocol() ? CLASSIC_MEMBER : CONSUMER_MEMBER));
        }
        Message d = Message.of(ConsumerGroupDescribeResponse.DescribedGroup.SCHEMA)
                .set(ConsumerGroupDescribeResponse.DescribedGroup.ERROR_CODE, ErrorCode.NONE.code())
                .set(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_ID, groupId)
                .set(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_STATE, group.state().displayName())
                .set(ConsumerGroupDescribeResponse.DescribedGroup.GROUP_EPOCH, group.groupEpoch())
                .set(ConsumerGroupDescribeResponse.DescribedGroup.ASSIGNMENT_EPOCH, group.targetAssignmentEpoch())
                .set(ConsumerGroupDescribeResponse.DescribedGroup.ASSIGNOR_NAME,
                        coordinator.consumerGroups().assignorName(group))
                .set(ConsumerGroupDescribeResponse.DescribedGroup.MEMBERS, members);
        if (operations != null) {
            d.set(ConsumerGroupDescribeResponse.DescribedGroup.AUTHORIZED_OPERATIONS, operations);
        }
        return d;
    }

    private Message assignment(PartitionAssignment a) {
        List<Message> topics = new ArrayList<>();
        for (var e : a.partitions().entrySet()) {
            UUID id = e.getKey();
            Optional<String> name = coordinator.topicName(id);
            if (name.isEmpty()) {
                continue; // a deleted topic has no name to report
            }
            SortedSet<Integer> partitions = e.getValue();
            topics.add(Message.of(ConsumerGroupDescribeResponse.TopicPartitions.SCHEMA)
                    .set(ConsumerGroupDescribeResponse.TopicPartitions.TOPIC_ID, id)
                    .set(ConsumerGroupDescribeResponse.TopicPartitions.TOPIC_NAME, name.get())
                    .set(ConsumerGroupDescribeResponse.TopicPartitions.PARTITIONS, List.copyOf(partitions)));
        }
        return Message.of(ConsumerGroupDescribeResponse.Assignment.SCHEMA)
                .set(ConsumerGroupDescribeResponse.Assignment.TOPIC_PARTITIONS, topics);
    }
}
