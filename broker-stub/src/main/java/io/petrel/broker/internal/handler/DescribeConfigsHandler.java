package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.ConfigEntry;
import io.petrel.broker.internal.topic.ConfigSynonym;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicNames;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeConfigsRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest.DescribeConfigsResource;
import io.petrel.protocol.schemas.DescribeConfigsResponse;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsSynonym;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeConfigs (v1-4) for topics (resource type 2) and this broker (type 4).
 *
 * <p>A topic is described with every Kafka topic config: its override (TOPIC_CONFIG), else the broker's
 * value (STATIC_BROKER_CONFIG when it differs from Kafka's default), else Kafka's default
 * (DEFAULT_CONFIG); see {@link TopicConfigDefinitions}. The broker is described by {@link BrokerConfigView}
 * when named by its node id, with its dynamic configs over the static ones (DYNAMIC_BROKER_CONFIG or
 * DYNAMIC_DEFAULT_BROKER_CONFIG, listed first among the synonyms); the empty name lists the cluster-wide dynamic
 * defaults; another id is INVALID_REQUEST, as in Kafka. Other resource types are
 * INVALID_REQUEST. A null or empty configuration_keys means all keys. Synonyms are listed when asked;
 * documentation is null. With an authorizer, DESCRIBE_CONFIGS is needed on the topic (else
 * TOPIC_AUTHORIZATION_FAILED) or on the cluster for the broker (else CLUSTER_AUTHORIZATION_FAILED).
 */
public final class DescribeConfigsHandler implements RequestHandler {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;

    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final BrokerConfig config;
    private final RequestAuthorizer access;

    public DescribeConfigsHandler(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                  RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.config = config;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_CONFIGS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        short version = context.apiVersion();
        boolean synonyms = request.get(DescribeConfigsRequest.INCLUDE_SYNONYMS);
        List<Message> results = new ArrayList<>();
        for (Message resource : request.get(DescribeConfigsRequest.RESOURCES)) {
            byte type = resource.get(DescribeConfigsResource.RESOURCE_TYPE);
            String name = resource.get(DescribeConfigsResource.RESOURCE_NAME);
            Message result = Message.of(DescribeConfigsResult.SCHEMA)
                    .set(DescribeConfigsResult.RESOURCE_TYPE, type)
                    .set(DescribeConfigsResult.RESOURCE_NAME, name);
            try {
                authorize(context, type, name);
                List<ConfigEntry> entries = entries(type, name);
                List<String> keys = resource.get(DescribeConfigsResource.CONFIGURATION_KEYS);
                Set<String> wanted = keys == null || keys.isEmpty() ? null : new HashSet<>(keys);
                List<Message> configs = new ArrayList<>();
                for (ConfigEntry e : entries) {
                    if (wanted == null || wanted.contains(e.name())) {
                        configs.add(entry(version, e, synonyms));
                    }
                }
                result.set(DescribeConfigsResult.ERROR_CODE, ErrorCode.NONE.code())
                        .set(DescribeConfigsResult.ERROR_MESSAGE, null)
                        .set(DescribeConfigsResult.CONFIGS, configs);
            } catch (TopicException e) {
                result.set(DescribeConfigsResult.ERROR_CODE, e.errorCode().code())
                        .set(DescribeConfigsResult.ERROR_MESSAGE, e.getMessage());
            }
            results.add(result);
        }
        return DescribeConfigsResponse.SCHEMA.newMessage()
                .set(DescribeConfigsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeConfigsResponse.RESULTS, results);
    }

    private void authorize(RequestContext context, byte type, String name) throws TopicException {
        if (type == TOPIC && !access.allowedOnTopic(context, AclOperation.DESCRIBE_CONFIGS, name)) {
            throw new TopicException(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Not authorized to describe the configs of"
                    + " topic '" + name + "': DESCRIBE_CONFIGS on it is needed");
        }
        if (type == BROKER && !access.allowedOnCluster(context, AclOperation.DESCRIBE_CONFIGS)) {
            throw new TopicException(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to describe the broker's"
                    + " configs: DESCRIBE_CONFIGS on the cluster is needed");
        }
    }

    private List<ConfigEntry> entries(byte type, String name) throws TopicException {
        if (type == TOPIC) {
            TopicNames.validate(name);
            Topic topic = topics.topic(name).orElseThrow(() -> new TopicException(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist"));
            return TopicConfigDefinitions.describe(topic.configOverrides(), config.logDefaults(),
                    topics.dynamicBrokerConfigs()::synonyms);
        }
        if (type == BROKER) {
            if (name == null || name.isEmpty()) {
                return BrokerConfigView.clusterDefaults(topics.dynamicBrokerConfigs(), config, identity);
            }
            if (!name.equals(Integer.toString(identity.nodeId()))) {
                throw new TopicException(ErrorCode.INVALID_REQUEST, "Broker '" + name
                        + "' is not this broker: expected its node id " + identity.nodeId()
                        + ", or the empty name for cluster-wide defaults");
            }
            return BrokerConfigView.withDynamic(BrokerConfigView.entries(config, identity), topics.dynamicBrokerConfigs());
        }
        throw new TopicException(ErrorCode.INVALID_REQUEST, "Resource type " + type + " is not supported: this"
                + " broker describes topics (type " + TOPIC + ") and brokers (type " + BROKER + ")");
    }

    private static Message entry(short version, ConfigEntry e, boolean includeSynonyms) {
        List<Message> synonyms = new ArrayList<>();
        if (includeSynonyms) {
            for (ConfigSynonym s : e.synonyms()) {
                synonyms.add(Message.of(DescribeConfigsSynonym.SCHEMA)
                        .set(DescribeConfigsSynonym.NAME, s.name())
                        .set(DescribeConfigsSynonym.VALUE, s.value())
                        .set(DescribeConfigsSynonym.SOURCE, s.source().code()));
            }
        }
        Message entry = Message.of(DescribeConfigsResourceResult.SCHEMA)
                .set(DescribeConfigsResourceResult.NAME, e.name())
                .set(DescribeConfigsResourceResult.VALUE, e.value())
                .set(DescribeConfigsResourceResult.READ_ONLY, e.readOnly())
                .set(DescribeConfigsResourceResult.CONFIG_SOURCE, e.source().code())
                .set(DescribeConfigsResourceResult.IS_SENSITIVE, false)
                .set(DescribeConfigsResourceResult.SYNONYMS, synonyms);
        if (version >= 3) {
            entry.set(DescribeConfigsResourceResult.CONFIG_TYPE, e.type().code())
                    .set(DescribeConfigsResourceResult.DOCUMENTATION, null);
        }
        return entry;
    }
}
