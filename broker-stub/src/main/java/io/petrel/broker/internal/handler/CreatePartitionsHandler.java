package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.CreatePartitionsRequest;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsAssignment;
import io.petrel.protocol.schemas.CreatePartitionsRequest.CreatePartitionsTopic;
import io.petrel.protocol.schemas.CreatePartitionsResponse;
import io.petrel.protocol.schemas.CreatePartitionsResponse.CreatePartitionsTopicResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers CreatePartitions (v0-3): grows topics to a larger partition count. Fewer or equal is
 * INVALID_PARTITIONS; an unknown topic UNKNOWN_TOPIC_OR_PARTITION; a topic named twice INVALID_REQUEST.
 * Assignments, when given, must list one entry per new partition, each exactly this node. validate_only
 * checks without changing anything. With an authorizer, ALTER on the topic is needed, else
 * TOPIC_AUTHORIZATION_FAILED.
 */
public final class CreatePartitionsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(CreatePartitionsHandler.class);

    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final RequestAuthorizer access;

    public CreatePartitionsHandler(TopicRegistry topics, BrokerIdentity identity, RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_PARTITIONS;
    }

    @Override
    public Versions versions() {
        return ApiKey.CREATE_PARTITIONS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> createPartitions(context, request));
    }

    private Message createPartitions(RequestContext context, Message request) {
        boolean validateOnly = request.get(CreatePartitionsRequest.VALIDATE_ONLY);
        List<Message> requested = request.get(CreatePartitionsRequest.TOPICS);
        Map<String, Integer> mentions = new HashMap<>();
        for (Message t : requested) {
            mentions.merge(t.get(CreatePartitionsTopic.NAME), 1, Integer::sum);
        }
        List<Message> results = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (Message t : requested) {
            String name = t.get(CreatePartitionsTopic.NAME);
            if (mentions.get(name) > 1) {
                if (answered.add(name)) {
                    results.add(result(name, ErrorCode.INVALID_REQUEST, "Topic '" + name + "' appears "
                            + mentions.get(name) + " times in the request: expected each topic once"));
                }
                continue;
            }
            if (!access.allowedOnTopic(context, AclOperation.ALTER, name)) {
                results.add(result(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed: ALTER on topic '"
                        + name + "' is needed"));
                continue;
            }
            int count = t.get(CreatePartitionsTopic.COUNT);
            try {
                checkAssignments(name, count, t.get(CreatePartitionsTopic.ASSIGNMENTS));
                if (validateOnly) {
                    topics.validateCreatePartitions(name, count);
                } else {
                    topics.createPartitions(name, count);
                }
                results.add(result(name, ErrorCode.NONE, null));
            } catch (TopicException e) {
                results.add(result(name, e.errorCode(), e.getMessage()));
            } catch (IOException e) {
                log.error("Could not add partitions to topic {}", name, e);
                results.add(result(name, ErrorCode.KAFKA_STORAGE_ERROR, "Could not add partitions to topic '" + name
                        + "' on disk: " + e.getMessage()));
            }
        }
        return CreatePartitionsResponse.SCHEMA.newMessage()
                .set(CreatePartitionsResponse.THROTTLE_TIME_MS, 0)
                .set(CreatePartitionsResponse.RESULTS, results);
    }

    private void checkAssignments(String name, int count, List<Message> assignments) throws TopicException {
        if (assignments == null) {
            return;
        }
        Topic topic = topics.topic(name).orElse(null);
        if (topic == null || count <= topic.partitions()) {
            return; // the registry reports these
        }
        int added = count - topic.partitions();
        if (assignments.size() != added) {
            throw new TopicException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Topic '" + name + "' grows by " + added
                    + " partition(s) but " + assignments.size() + " assignment(s) were given: expected one per new"
                    + " partition");
        }
        for (Message a : assignments) {
            List<Integer> brokers = a.get(CreatePartitionsAssignment.BROKER_IDS);
            if (!brokers.equals(List.of(identity.nodeId()))) {
                throw new TopicException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "A new partition is assigned to"
                        + " brokers " + brokers + ": this is a single-node broker, so expected exactly ["
                        + identity.nodeId() + "]");
            }
        }
    }

    private static Message result(String name, ErrorCode error, String message) {
        return Message.of(CreatePartitionsTopicResult.SCHEMA)
                .set(CreatePartitionsTopicResult.NAME, name)
                .set(CreatePartitionsTopicResult.ERROR_CODE, error.code())
                .set(CreatePartitionsTopicResult.ERROR_MESSAGE, message);
    }
}
