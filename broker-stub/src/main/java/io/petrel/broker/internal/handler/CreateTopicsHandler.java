package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.ConfigEntry;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableReplicaAssignment;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopic;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopicConfig;
import io.petrel.protocol.schemas.CreateTopicsResponse;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicConfigs;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers CreateTopics (v2-7).
 *
 * <p>num_partitions -1 means num.partitions; replication factor -1 or 1 is this node, anything larger is
 * INVALID_REPLICATION_FACTOR, since there is one broker. Manual assignments are accepted when every
 * partition 0..n-1 is assigned exactly to this node (and then num_partitions and replication_factor
 * must both be -1, as in Kafka). Configs are checked against Kafka's topic configs; from v5 the result
 * echoes the topic's partitions, replication factor and every effective config, and from v7 its id.
 * validate_only runs every check and reports the result without creating anything. A topic named twice
 * in one request is INVALID_REQUEST for each mention.
 *
 * <p>With an authorizer, as Kafka: creating needs CREATE on the cluster or on the topic, else
 * TOPIC_AUTHORIZATION_FAILED before anything is checked; the v5+ configs are returned only with
 * DESCRIBE_CONFIGS on the topic (else its topic_config_error_code is TOPIC_AUTHORIZATION_FAILED).
 */
public final class CreateTopicsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(CreateTopicsHandler.class);

    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final BrokerConfig config;
    private final RequestAuthorizer access;

    public CreateTopicsHandler(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                               RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.config = config;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public Versions versions() {
        return ApiKey.CREATE_TOPICS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> createTopics(context, request));
    }

    private Message createTopics(RequestContext context, Message request) {
        short version = context.apiVersion();
        boolean createOnCluster = access.allowedOnCluster(context, AclOperation.CREATE);
        boolean validateOnly = request.get(CreateTopicsRequest.VALIDATE_ONLY);
        List<Message> requested = request.get(CreateTopicsRequest.TOPICS);
        Map<String, Integer> mentions = new HashMap<>();
        for (Message t : requested) {
            mentions.merge(t.get(CreatableTopic.NAME), 1, Integer::sum);
        }
        List<Message> results = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (Message t : requested) {
            String name = t.get(CreatableTopic.NAME);
            if (mentions.get(name) > 1) {
                if (answered.add(name)) {
                    results.add(failed(version, name, ErrorCode.INVALID_REQUEST, "Topic '" + name
                            + "' appears " + mentions.get(name) + " times in the request: expected each topic once"));
                }
                continue;
            }
            if (!createOnCluster && !access.allowedOnTopic(context, AclOperation.CREATE, name)) {
                results.add(failed(version, name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed: CREATE"
                        + " on the cluster or on topic '" + name + "' is needed"));
                continue;
            }
            try {
                Topic topic = create(t, validateOnly);
                results.add(created(version, topic, access.allowedOnTopic(context, AclOperation.DESCRIBE_CONFIGS, name)));
            } catch (TopicException e) {
                results.add(failed(version, name, e.errorCode(), e.getMessage()));
            } catch (IOException e) {
                log.error("Could not create topic {}", name, e);
                results.add(failed(version, name, ErrorCode.KAFKA_STORAGE_ERROR, "Could not create topic '" + name
                        + "' on disk: " + e.getMessage()));
            }
        }
        return CreateTopicsResponse.SCHEMA.newMessage()
                .set(CreateTopicsResponse.THROTTLE_TIME_MS, 0)
                .set(CreateTopicsResponse.TOPICS, results);
    }

    private Topic create(Message t, boolean validateOnly) throws TopicException, IOException {
        String name = t.get(CreatableTopic.NAME);
        int partitions = partitionCount(t);
        Map<String, String> configs = new LinkedHashMap<>();
        for (Message c : t.get(CreatableTopic.CONFIGS)) {
            String key = c.get(CreatableTopicConfig.NAME);
            if (configs.containsKey(key)) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Topic config '" + key
                        + "' is given twice: expected each config once");
            }
            configs.put(key, c.get(CreatableTopicConfig.VALUE));
        }
        if (validateOnly) {
            return topics.validateCreate(name, partitions, configs);
        }
        return topics.create(name, partitions, configs);
    }

    /** The partition count the request asks for, after checking replication and assignments. */
    private int partitionCount(Message t) throws TopicException {
        int numPartitions = t.get(CreatableTopic.NUM_PARTITIONS);
        short replicationFactor = t.get(CreatableTopic.REPLICATION_FACTOR);
        List<Message> assignments = t.get(CreatableTopic.ASSIGNMENTS);
        if (!assignments.isEmpty()) {
            if (numPartitions != -1 || replicationFactor != -1) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Both a partition count or replication factor"
                        + " and manual replica assignments were given: expected num_partitions and replication_factor"
                        + " to be -1 when assignments are set");
            }
            return checkAssignments(assignments);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new TopicException(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor "
                    + replicationFactor + " is invalid: expected 1, or -1 for the default");
        }
        if (replicationFactor > 1) {
            throw new TopicException(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor "
                    + replicationFactor + " cannot be met: this is a single-node broker with 1 broker (node "
                    + identity.nodeId() + "); expected replication factor 1, or -1 for the default");
        }
        if (numPartitions == -1) {
            return config.numPartitions();
        }
        if (numPartitions < 1) {
            throw new TopicException(ErrorCode.INVALID_PARTITIONS, "Number of partitions " + numPartitions
                    + " is invalid: expected at least 1, or -1 for num.partitions (" + config.numPartitions() + ")");
        }
        return numPartitions;
    }

    private int checkAssignments(List<Message> assignments) throws TopicException {
        Set<Integer> indexes = new HashSet<>();
        for (Message a : assignments) {
            int index = a.get(CreatableReplicaAssignment.PARTITION_INDEX);
            List<Integer> brokers = a.get(CreatableReplicaAssignment.BROKER_IDS);
            if (!indexes.add(index)) {
                throw new TopicException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Partition " + index
                        + " is assigned twice: expected one assignment per partition");
            }
            if (!brokers.equals(List.of(identity.nodeId()))) {
                throw new TopicException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Partition " + index
                        + " is assigned to brokers " + brokers + ": this is a single-node broker, so expected exactly ["
                        + identity.nodeId() + "]");
            }
        }
        for (int i = 0; i < indexes.size(); i++) {
            if (!indexes.contains(i)) {
                throw new TopicException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Assignments cover partitions "
                        + indexes + ": expected consecutive partitions starting at 0");
            }
        }
        return indexes.size();
    }

    private Message created(short version, Topic topic, boolean describeConfigs) {
        Message result = Message.of(CreatableTopicResult.SCHEMA)
                .set(CreatableTopicResult.NAME, topic.name())
                .set(CreatableTopicResult.ERROR_CODE, ErrorCode.NONE.code())
                .set(CreatableTopicResult.ERROR_MESSAGE, null);
        if (version >= 5 && !describeConfigs) {
            result.set(CreatableTopicResult.NUM_PARTITIONS, topic.partitions())
                    .set(CreatableTopicResult.REPLICATION_FACTOR, (short) 1)
                    .set(CreatableTopicResult.TOPIC_CONFIG_ERROR_CODE, ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                    .set(CreatableTopicResult.CONFIGS, null);
        } else if (version >= 5) {
            List<Message> configs = new ArrayList<>();
            for (ConfigEntry e : TopicConfigDefinitions.describe(topic.configOverrides(), config.logDefaults(),
                    topics.dynamicBrokerConfigs()::synonyms)) {
                configs.add(Message.of(CreatableTopicConfigs.SCHEMA)
                        .set(CreatableTopicConfigs.NAME, e.name())
                        .set(CreatableTopicConfigs.VALUE, e.value())
                        .set(CreatableTopicConfigs.READ_ONLY, e.readOnly())
                        .set(CreatableTopicConfigs.CONFIG_SOURCE, e.source().code())
                        .set(CreatableTopicConfigs.IS_SENSITIVE, false));
            }
            result.set(CreatableTopicResult.NUM_PARTITIONS, topic.partitions())
                    .set(CreatableTopicResult.REPLICATION_FACTOR, (short) 1)
                    .set(CreatableTopicResult.CONFIGS, configs);
        }
        if (version >= 7) {
            result.set(CreatableTopicResult.TOPIC_ID, topic.id());
        }
        return result;
    }

    private static Message failed(short version, String name, ErrorCode error, String message) {
        Message result = Message.of(CreatableTopicResult.SCHEMA)
                .set(CreatableTopicResult.NAME, name)
                .set(CreatableTopicResult.ERROR_CODE, error.code())
                .set(CreatableTopicResult.ERROR_MESSAGE, message);
        if (version >= 5) {
            result.set(CreatableTopicResult.CONFIGS, null);
        }
        if (version >= 7) {
            result.set(CreatableTopicResult.TOPIC_ID, Topic.NO_ID);
        }
        return result;
    }
}
