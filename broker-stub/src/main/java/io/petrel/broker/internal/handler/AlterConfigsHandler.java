package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AlterConfigsRequest;
import io.petrel.protocol.schemas.AlterConfigsRequest.AlterConfigsResource;
import io.petrel.protocol.schemas.AlterConfigsRequest.AlterableConfig;
import io.petrel.protocol.schemas.AlterConfigsResponse;
import io.petrel.protocol.schemas.AlterConfigsResponse.AlterConfigsResourceResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Answers AlterConfigs (v0-2), the older whole-set form: a topic's overrides become exactly the configs given
 * (any not given go back to their defaults), checked as at creation and stored, or only checked with
 * validate_only. A key given twice or without a value is INVALID_REQUEST; an unknown key or a bad value
 * INVALID_CONFIG.
 */
public final class AlterConfigsHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public AlterConfigsHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ALTER_CONFIGS;
    }

    @Override
    public Versions versions() {
        return ApiKey.ALTER_CONFIGS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> alter(context, request));
    }

    private Message alter(RequestContext context, Message request) {
        boolean validateOnly = request.get(AlterConfigsRequest.VALIDATE_ONLY);
        List<Message> responses = new ArrayList<>();
        for (Message resource : request.get(AlterConfigsRequest.RESOURCES)) {
            byte type = resource.get(AlterConfigsResource.RESOURCE_TYPE);
            String name = resource.get(AlterConfigsResource.RESOURCE_NAME);
            List<Message> configs = resource.get(AlterConfigsResource.CONFIGS);
            TopicConfigAlteration.Outcome outcome = TopicConfigAlteration.alter(topics, access, context, type, name,
                    topic -> wholeSet(configs), validateOnly);
            responses.add(Message.of(AlterConfigsResourceResponse.SCHEMA)
                    .set(AlterConfigsResourceResponse.ERROR_CODE, outcome.error().code())
                    .set(AlterConfigsResourceResponse.ERROR_MESSAGE, outcome.message())
                    .set(AlterConfigsResourceResponse.RESOURCE_TYPE, type)
                    .set(AlterConfigsResourceResponse.RESOURCE_NAME, name));
        }
        return AlterConfigsResponse.SCHEMA.newMessage()
                .set(AlterConfigsResponse.THROTTLE_TIME_MS, 0)
                .set(AlterConfigsResponse.RESPONSES, responses);
    }

    private static Map<String, String> wholeSet(List<Message> configs) throws TopicException {
        Map<String, String> overrides = new TreeMap<>();
        for (Message c : configs) {
            String key = c.get(AlterableConfig.NAME);
            String value = c.get(AlterableConfig.VALUE);
            if (value == null) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Null value not supported for: " + key);
            }
            if (overrides.put(key, value) != null) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys: '" + key
                        + "' is given more than once");
            }
        }
        return overrides;
    }
}
