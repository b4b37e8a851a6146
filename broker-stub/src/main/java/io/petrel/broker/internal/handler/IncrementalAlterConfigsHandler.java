package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest.AlterConfigsResource;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest.AlterableConfig;
import io.petrel.protocol.schemas.IncrementalAlterConfigsResponse;
import io.petrel.protocol.schemas.IncrementalAlterConfigsResponse.AlterConfigsResourceResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Answers IncrementalAlterConfigs (v0-1) for topics, and for this broker or the cluster-wide broker defaults (SET and
 * DELETE of the configs {@link io.petrel.broker.internal.topic.DynamicBrokerConfigs} takes). For topics: each resource's operations applied in order to its
 * overrides, SET (0) a value, DELETE (1) an override (back to the default), APPEND (2) and SUBTRACT (3) items of
 * a list config (cleanup.policy, the throttled replicas), starting from the current value. The result is checked
 * as at creation and stored, or only checked with validate_only. Errors as Kafka's: INVALID_REQUEST for a key
 * given twice or a SET without a value or an unknown operation; INVALID_CONFIG for an unknown key, a bad value
 * or APPEND/SUBTRACT on a config that is not a list; UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class IncrementalAlterConfigsHandler implements RequestHandler {
    private static final byte SET = 0;
    private static final byte DELETE = 1;
    private static final byte APPEND = 2;
    private static final byte SUBTRACT = 3;

    private final TopicRegistry topics;
    private final RequestAuthorizer access;
    private final int nodeId;
    private final Set<String> fixedAtStart;

    public IncrementalAlterConfigsHandler(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                          RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
        this.nodeId = identity.nodeId();
        this.fixedAtStart = BrokerConfigView.names(config, identity);
    }

    @Override
    public ApiKey api() {
        return ApiKey.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public Versions versions() {
        return ApiKey.INCREMENTAL_ALTER_CONFIGS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> alter(context, request));
    }

    private Message alter(RequestContext context, Message request) {
        boolean validateOnly = request.get(IncrementalAlterConfigsRequest.VALIDATE_ONLY);
        List<Message> responses = new ArrayList<>();
        for (Message resource : request.get(IncrementalAlterConfigsRequest.RESOURCES)) {
            byte type = resource.get(AlterConfigsResource.RESOURCE_TYPE);
            String name = resource.get(AlterConfigsResource.RESOURCE_NAME);
            List<Message> ops = resource.get(AlterConfigsResource.CONFIGS);
            TopicConfigAlteration.Outcome outcome = TopicConfigAlteration.alter(topics, access, context, type, name,
                    topic -> apply(topic, ops), new TopicConfigAlteration.BrokerChange(nodeId, fixedAtStart,
                            current -> applyToBroker(current, ops)), validateOnly);
            responses.add(Message.of(AlterConfigsResourceResponse.SCHEMA)
                    .set(AlterConfigsResourceResponse.ERROR_CODE, outcome.error().code())
                    .set(AlterConfigsResourceResponse.ERROR_MESSAGE, outcome.message())
                    .set(AlterConfigsResourceResponse.RESOURCE_TYPE, type)
                    .set(AlterConfigsResourceResponse.RESOURCE_NAME, name));
        }
        return IncrementalAlterConfigsResponse.SCHEMA.newMessage()
                .set(IncrementalAlterConfigsResponse.THROTTLE_TIME_MS, 0)
                .set(IncrementalAlterConfigsResponse.RESPONSES, responses);
    }

    /** Checks that a key may be altered on the resource. */
    @FunctionalInterface
    private interface KeyCheck {
        void check(String key) throws TopicException;
    }

    /** APPEND (true) or SUBTRACT (false) of items of a list config, from the configs so far. */
    @FunctionalInterface
    private interface ListEdit {
        String apply(Map<String, String> configs, String key, String value, boolean append) throws TopicException;
    }

    private static Map<String, String> apply(Topic topic, List<Message> ops) throws TopicException {
        return applyOps(topic.configOverrides(), ops, key -> {
            if (!TopicConfigDefinitions.keys().contains(key)) {
                throw new TopicException(ErrorCode.INVALID_CONFIG, "Unknown topic config name: " + key);
            }
        }, (configs, key, value, append) -> listOp(topic, configs, key, value, append));
    }

    /** A broker level's configs after the operations: SET and DELETE (the broker configs altered here are no lists). */
    private static Map<String, String> applyToBroker(Map<String, String> current, List<Message> ops) throws TopicException {
        return applyOps(current, ops, key -> { }, (configs, key, value, append) -> {
            throw new TopicException(ErrorCode.INVALID_REQUEST, "Config value " + (append ? "append" : "subtract")
                    + " is not allowed for broker config key: " + key + " (the broker configs altered at run time here"
                    + " are not lists)");
        });
    }

    /** The operations applied in order to a copy of {@code current}; a key given twice is INVALID_REQUEST, as Kafka. */
    private static Map<String, String> applyOps(Map<String, String> current, List<Message> ops, KeyCheck keyCheck,
                                                ListEdit listEdit) throws TopicException {
        Map<String, String> configs = new TreeMap<>(current);
        Set<String> seen = new HashSet<>();
        for (Message op : ops) {
            String key = op.get(AlterableConfig.NAME);
            if (!seen.add(key)) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys: '" + key
                        + "' is given more than once");
            }
            keyCheck.check(key);
            byte operation = op.get(AlterableConfig.CONFIG_OPERATION);
            String value = op.get(AlterableConfig.VALUE);
            switch (operation) {
                case SET -> {
                    if (value == null) {
                        throw new TopicException(ErrorCode.INVALID_REQUEST, "Null value not supported for: " + key);
                    }
                    configs.put(key, value);
                }
                case DELETE -> configs.remove(key);
                case APPEND, SUBTRACT -> configs.put(key, listEdit.apply(configs, key, value, operation == APPEND));
                default -> throw new TopicException(ErrorCode.INVALID_REQUEST, "Unknown config operation " + operation
                        + " for " + key + ": expected 0 (set), 1 (delete), 2 (append) or 3 (subtract)");
            }
        }
        return configs;
    }

    private static String listOp(Topic topic, Map<String, String> overrides, String key, String value, boolean append)
            throws TopicException {
        if (!TopicConfigDefinitions.isList(key)) {
            throw new TopicException(ErrorCode.INVALID_CONFIG, "Config value " + (append ? "append" : "subtract")
                    + " is not allowed for config key: " + key);
        }
        String current = overrides.containsKey(key) ? overrides.get(key) : TopicConfigDefinitions.value(topic, key);
        Set<String> items = new LinkedHashSet<>(split(current));
        List<String> given = split(value);
        if (append) {
            items.addAll(given);
        } else {
            given.forEach(items::remove);
        }
        return String.join(",", items);
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
