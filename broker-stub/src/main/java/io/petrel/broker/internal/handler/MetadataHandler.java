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
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;
import io.petrel.protocol.schemas.MetadataResponse;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseBroker;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponsePartition;
import io.petrel.protocol.schemas.MetadataResponse.MetadataResponseTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Answers Metadata (v0-13): this node as the only broker and the controller, and the requested topics
 * with every partition led by this node at its current leader epoch, replicas and ISR just this node.
 *
 * <p>Topics: all of them when the request's list is null (v1+) or empty (v0, where empty means all).
 * A named topic that does not exist is created if the request allows it (allow_auto_topic_creation, true
 * before v4) and auto.create.topics.enable is on, as Kafka does; otherwise it is
 * UNKNOWN_TOPIC_OR_PARTITION, or INVALID_TOPIC_EXCEPTION for a name that could never exist. From v10 a
 * topic may be asked for by id: a topic with a non-zero id is looked up by that id whatever its name
 * (kafka-clients' Admin sends an empty name beside the id), as Kafka does, and an unknown id is
 * UNKNOWN_TOPIC_ID; a null name with no id is looked up as the zero id. Unlike Kafka, which
 * creates topics asynchronously and answers LEADER_NOT_AVAILABLE at first, an auto-created topic is
 * answered complete at once.
 *
 * <p>With an authorizer, as Kafka: a topic needs DESCRIBE; when all topics are asked for, those without it are
 * left out, and a named one without it is TOPIC_AUTHORIZATION_FAILED (whether it exists is not disclosed);
 * auto-creating a topic needs CREATE on the cluster or the topic, else TOPIC_AUTHORIZATION_FAILED.
 * Authorized-operations fields carry what the authorizer allows the requester.
 */
public final class MetadataHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    private final TopicRegistry topics;
    private final BrokerIdentity identity;
    private final boolean autoCreateTopics;
    private final RequestAuthorizer access;

    public MetadataHandler(TopicRegistry topics, BrokerIdentity identity, boolean autoCreateTopics,
                           RequestAuthorizer access) {
        this.topics = topics;
        this.identity = identity;
        this.autoCreateTopics = autoCreateTopics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.METADATA;
    }

    @Override
    public Versions versions() {
        return ApiKey.METADATA.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> metadata(context, request));
    }

    private Message metadata(RequestContext context, Message request) {
        short version = context.apiVersion();
        boolean topicOperations = version >= 8 && request.get(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS);
        boolean allowAutoCreate = version < 4 || request.get(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION);
        List<Message> requested = request.get(MetadataRequest.TOPICS);
        List<Message> topicResponses = new ArrayList<>();
        if (requested == null || (version == 0 && requested.isEmpty())) {
            for (Topic topic : topics.topics()) {
                if (access.allowedOnTopic(context, AclOperation.DESCRIBE, topic.name())) {
                    topicResponses.add(describe(context, topic, topicOperations));
                }
            }
        } else {
            for (Message t : requested) {
                topicResponses.add(lookUp(context, t, allowAutoCreate, topicOperations));
            }
        }
        BrokerIdentity.Endpoint advertised = identity.advertised(context.listenerName());
        Message broker = Message.of(MetadataResponseBroker.SCHEMA)
                .set(MetadataResponseBroker.NODE_ID, identity.nodeId())
                .set(MetadataResponseBroker.HOST, advertised.host())
                .set(MetadataResponseBroker.PORT, advertised.port());
        Message body = MetadataResponse.SCHEMA.newMessage()
                .set(MetadataResponse.BROKERS, new ArrayList<>(List.of(broker)))
                .set(MetadataResponse.TOPICS, topicResponses);
        if (version >= 1) {
            body.set(MetadataResponse.CONTROLLER_ID, identity.nodeId());
        }
        if (version >= 2) {
            body.set(MetadataResponse.CLUSTER_ID, identity.clusterId());
        }
        if (version >= 8 && version <= 10 && request.get(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS)) {
            body.set(MetadataResponse.CLUSTER_AUTHORIZED_OPERATIONS, AuthorizedOperations.cluster(access, context));
        }
        return body;
    }

    private Message lookUp(RequestContext context, Message requested, boolean allowAutoCreate, boolean topicOperations) {
        short version = context.apiVersion();
        String name = requested.get(MetadataRequestTopic.NAME);
        UUID id = version >= 10 ? requested.get(MetadataRequestTopic.TOPIC_ID) : Topic.NO_ID;
        if (name == null || !Topic.NO_ID.equals(id)) {
            Optional<Topic> topic = topics.topic(id);
            if (topic.isEmpty()) {
                return failed(version, null, id, ErrorCode.UNKNOWN_TOPIC_ID);
            }
            if (!access.allowedOnTopic(context, AclOperation.DESCRIBE, topic.get().name())) {
                // Kafka: topic ids are not secret, so this one may say it exists.
                return failed(version, null, id, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
            }
            return describe(context, topic.get(), topicOperations);
        }
        if (!access.allowedOnTopic(context, AclOperation.DESCRIBE, name)) {
            return failed(version, name, null, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        }
        Optional<Topic> topic = topics.topic(name);
        if (topic.isPresent()) {
            return describe(context, topic.get(), topicOperations);
        }
        if (!allowAutoCreate) {
            return failed(version, name, null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (autoCreateTopics && !access.allowedOnCluster(context, AclOperation.CREATE)
                && !access.allowedOnTopic(context, AclOperation.CREATE, name)) {
            return failed(version, name, null, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        }
        try {
            return describe(context, topics.getOrAutoCreate(name), topicOperations);
        } catch (TopicException e) {
            log.debug("Metadata for topic {}: {}", name, e.getMessage());
            return failed(version, name, null, e.errorCode());
        } catch (IOException e) {
            log.error("Could not auto-create topic {}", name, e);
            return failed(version, name, null, ErrorCode.KAFKA_STORAGE_ERROR);
        }
    }

    private Message describe(RequestContext context, Topic topic, boolean topicOperations) {
        short version = context.apiVersion();
        List<Message> partitions = new ArrayList<>(topic.partitions());
        for (int p = 0; p < topic.partitions(); p++) {
            Message partition = Message.of(MetadataResponsePartition.SCHEMA)
                    .set(MetadataResponsePartition.ERROR_CODE, ErrorCode.NONE.code())
                    .set(MetadataResponsePartition.PARTITION_INDEX, p)
                    .set(MetadataResponsePartition.LEADER_ID, identity.nodeId())
                    .set(MetadataResponsePartition.REPLICA_NODES, new ArrayList<>(List.of(identity.nodeId())))
                    .set(MetadataResponsePartition.ISR_NODES, new ArrayList<>(List.of(identity.nodeId())));
            if (version >= 7) {
                partition.set(MetadataResponsePartition.LEADER_EPOCH, LeaderEpochCheck.epoch(topics, topic.name(), p));
            }
            partitions.add(partition);
        }
        Message response = Message.of(MetadataResponseTopic.SCHEMA)
                .set(MetadataResponseTopic.ERROR_CODE, ErrorCode.NONE.code())
                .set(MetadataResponseTopic.NAME, topic.name())
                .set(MetadataResponseTopic.PARTITIONS, partitions);
        if (version >= 10) {
            response.set(MetadataResponseTopic.TOPIC_ID, topic.id());
        }
        if (topicOperations) {
            response.set(MetadataResponseTopic.TOPIC_AUTHORIZED_OPERATIONS,
                    AuthorizedOperations.topic(access, context, topic.name()));
        }
        return response;
    }

    private static Message failed(short version, String name, UUID id, ErrorCode error) {
        Message response = Message.of(MetadataResponseTopic.SCHEMA)
                .set(MetadataResponseTopic.ERROR_CODE, error.code())
                .set(MetadataResponseTopic.NAME, name != null || version >= 12 ? name : "");
        if (version >= 10 && id != null) {
            response.set(MetadataResponseTopic.TOPIC_ID, id);
        }
        return response;
    }
}
