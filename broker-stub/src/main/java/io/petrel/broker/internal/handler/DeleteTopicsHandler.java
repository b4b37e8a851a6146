package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DeleteTopicsRequest;
import io.petrel.protocol.schemas.DeleteTopicsRequest.DeleteTopicState;
import io.petrel.protocol.schemas.DeleteTopicsResponse;
import io.petrel.protocol.schemas.DeleteTopicsResponse.DeletableTopicResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Answers DeleteTopics (v1-6): by name, and from v6 by name or by id (one of the two per entry). An
 * unknown name is UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID; a topic named twice is
 * INVALID_REQUEST. After each deletion {@code onTopicDeleted} is called with the topic's name, so other
 * parts of the broker (committed group offsets) can forget it. With an authorizer, deleting needs DELETE on the
 * topic, else TOPIC_AUTHORIZATION_FAILED (by name whether or not it exists, as in Kafka).
 */
public final class DeleteTopicsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(DeleteTopicsHandler.class);

    private final TopicRegistry topics;
    private final Consumer<String> onTopicDeleted;
    private final RequestAuthorizer access;

    public DeleteTopicsHandler(TopicRegistry topics, Consumer<String> onTopicDeleted, RequestAuthorizer access) {
        this.topics = topics;
        this.onTopicDeleted = onTopicDeleted;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DELETE_TOPICS.versions();
    }

    /** One entry of the request: a name, or (v6) an id. */
    private record Target(String name, UUID id) {
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> deleteTopics(context, request));
    }

    private Message deleteTopics(RequestContext context, Message request) {
        short version = context.apiVersion();
        List<Target> targets = new ArrayList<>();
        if (version >= 6) {
            for (Message t : request.get(DeleteTopicsRequest.TOPICS)) {
                targets.add(new Target(t.get(DeleteTopicState.NAME), t.get(DeleteTopicState.TOPIC_ID)));
            }
        } else {
            for (String name : request.get(DeleteTopicsRequest.TOPIC_NAMES)) {
                targets.add(new Target(name, Topic.NO_ID));
            }
        }
        Set<Object> seen = new HashSet<>();
        Set<Object> duplicates = new HashSet<>();
        for (Target t : targets) {
            Object key = t.name() != null ? t.name() : t.id();
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        List<Message> results = new ArrayList<>();
        for (Target t : targets) {
            Object key = t.name() != null ? t.name() : t.id();
            results.add(delete(context, t, duplicates.contains(key)));
        }
        return DeleteTopicsResponse.SCHEMA.newMessage()
                .set(DeleteTopicsResponse.THROTTLE_TIME_MS, 0)
                .set(DeleteTopicsResponse.RESPONSES, results);
    }

    private Message delete(RequestContext context, Target target, boolean duplicate) {
        short version = context.apiVersion();
        if (target.name() != null && !Topic.NO_ID.equals(target.id())) {
            return result(version, target.name(), target.id(), ErrorCode.INVALID_REQUEST,
                    "Topic '" + target.name() + "' is given by both name and id: expected one of the two");
        }
        if (duplicate) {
            return result(version, target.name(), target.id(), ErrorCode.INVALID_REQUEST,
                    "Topic " + (target.name() != null ? "'" + target.name() + "'" : "id " + target.id())
                            + " appears more than once in the request: expected each topic once");
        }
        String name = target.name();
        UUID id = target.id();
        if (name == null) {
            Optional<Topic> topic = topics.topic(id);
            if (topic.isEmpty()) {
                return result(version, null, id, ErrorCode.UNKNOWN_TOPIC_ID, "No topic has id " + id);
            }
            name = topic.get().name();
        } else {
            id = topics.topic(name).map(Topic::id).orElse(Topic.NO_ID);
        }
        if (!access.allowedOnTopic(context, AclOperation.DELETE, name)) {
            return result(version, target.name(), target.id(), ErrorCode.TOPIC_AUTHORIZATION_FAILED,
                    "Authorization failed: DELETE on topic is needed");
        }
        try {
            topics.delete(name);
        } catch (TopicException e) {
            return result(version, name, id, e.errorCode(), e.getMessage());
        } catch (IOException e) {
            log.error("Could not delete topic {}", name, e);
            return result(version, name, id, ErrorCode.KAFKA_STORAGE_ERROR, "Could not delete topic '" + name
                    + "' on disk: " + e.getMessage());
        }
        try {
            onTopicDeleted.accept(name);
        } catch (RuntimeException e) {
            log.error("Topic {} is deleted, but a listener failed on it", name, e);
        }
        return result(version, name, id, ErrorCode.NONE, null);
    }

    private static Message result(short version, String name, UUID id, ErrorCode error, String message) {
        Message result = Message.of(DeletableTopicResult.SCHEMA)
                .set(DeletableTopicResult.NAME, name == null && version < 6 ? "" : name)
                .set(DeletableTopicResult.ERROR_CODE, error.code());
        if (version >= 5) {
            result.set(DeletableTopicResult.ERROR_MESSAGE, message);
        }
        if (version >= 6) {
            result.set(DeletableTopicResult.TOPIC_ID, id);
        }
        return result;
    }
}
