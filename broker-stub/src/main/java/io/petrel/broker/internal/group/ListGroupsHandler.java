package io.petrel.broker.internal.group;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Answers ListGroups (every version): every group this coordinator knows, with its state from v4 and its
 * type ("classic", or "consumer" for consumer-protocol groups, whose protocol type is "consumer" too) from v5; the state and type filters match case-insensitively,
 * as Kafka's do. With an authorizer, DESCRIBE on the cluster lists every group; without it, only the groups
 * the requester may DESCRIBE are listed, as in Kafka.
 */
final class ListGroupsHandler implements RequestHandler {
    private static final String CLASSIC_GROUP_TYPE = "classic";
    private static final String CONSUMER_GROUP_TYPE = "consumer";

    private final GroupCoordinator coordinator;
    private final RequestAuthorizer access;

    ListGroupsHandler(GroupCoordinator coordinator, RequestAuthorizer access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public Versions versions() {
        return ApiKey.LIST_GROUPS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> listGroups(context, request));
    }

    private Message listGroups(RequestContext context, Message request) {
        short v = context.apiVersion();
        boolean describeCluster = access.allowedOnCluster(context, AclOperation.DESCRIBE);
        Set<String> states = v >= 4 ? lowerCase(request.get(ListGroupsRequest.STATES_FILTER)) : Set.of();
        Set<String> types = v >= 5 ? lowerCase(request.get(ListGroupsRequest.TYPES_FILTER)) : Set.of();
        List<Message> listed = coordinator.serving(() -> {
            List<Message> out = new ArrayList<>();
            for (ClassicGroup group : coordinator.groups().groups()) {
                listed(context, v, states, types, describeCluster, group.groupId(),
                        group.protocolType() == null ? "" : group.protocolType(), group.state().displayName(),
                        CLASSIC_GROUP_TYPE).ifPresent(out::add);
            }
            for (ConsumerGroup group : coordinator.consumerGroups().groups()) {
                listed(context, v, states, types, describeCluster, group.groupId(), CONSUMER_GROUP_TYPE,
                        group.state().displayName(), CONSUMER_GROUP_TYPE).ifPresent(out::add);
            }
            out.sort(Comparator.comparing(g -> g.get(ListGroupsResponse.ListedGroup.GROUP_ID)));
            return out;
        });
        return ListGroupsResponse.SCHEMA.newMessage()
                .set(ListGroupsResponse.THROTTLE_TIME_MS, 0)
                .set(ListGroupsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(ListGroupsResponse.GROUPS, listed);
    }

    /** The group's entry if it passes the filters and the requester may see it. */
    private Optional<Message> listed(RequestContext context, short v, Set<String> states, Set<String> types,
                                     boolean describeCluster, String groupId, String protocolType, String state,
                                     String type) {
        if (!types.isEmpty() && !types.contains(type)) {
            return Optional.empty();
        }
        if (!states.isEmpty() && !states.contains(state.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!describeCluster && !access.allowedOnGroup(context, AclOperation.DESCRIBE, groupId)) {
            return Optional.empty();
        }
        Message g = Message.of(ListGroupsResponse.ListedGroup.SCHEMA)
                .set(ListGroupsResponse.ListedGroup.GROUP_ID, groupId)
                .set(ListGroupsResponse.ListedGroup.PROTOCOL_TYPE, protocolType);
        if (v >= 4) {
            g.set(ListGroupsResponse.ListedGroup.GROUP_STATE, state);
        }
        if (v >= 5) {
            g.set(ListGroupsResponse.ListedGroup.GROUP_TYPE, type);
        }
        return Optional.of(g);
    }

    private static Set<String> lowerCase(List<String> values) {
        return values == null ? Set.of()
                : values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
