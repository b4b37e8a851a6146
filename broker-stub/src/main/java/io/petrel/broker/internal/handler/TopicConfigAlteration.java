package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.DynamicBrokerConfigs;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * One resource of an AlterConfigs or IncrementalAlterConfigs request, carried out: what both handlers share.
 * Topics (resource type 2) are altered here, and with IncrementalAlterConfigs this broker (type 4, by node id) or
 * the cluster-wide broker defaults (the empty name) through {@link DynamicBrokerConfigs}; AlterConfigs, which
 * replaces every config of a resource, is refused for brokers with INVALID_REQUEST, and other types with
 * INVALID_REQUEST as Kafka does. With an
 * authorizer, ALTER_CONFIGS on the topic is needed (TOPIC_AUTHORIZATION_FAILED), on the cluster for a broker
 * (CLUSTER_AUTHORIZATION_FAILED), checked first as in Kafka.
 */
final class TopicConfigAlteration {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;

    private static final Logger log = LoggerFactory.getLogger(TopicConfigAlteration.class);

    /** A resource's answer: its error (NONE when altered) and a message for the error. */
    record Outcome(ErrorCode error, String message) {
        static Outcome ok() {
            return new Outcome(ErrorCode.NONE, null);
        }
    }

    /** The new complete set of overrides of a topic, from its current one. */
    @FunctionalInterface
    interface NewOverrides {
        Map<String, String> of(Topic topic) throws TopicException;
    }

    private TopicConfigAlteration() {
    }

    /** The new complete set of a broker level's dynamic configs, from its current one. */
    @FunctionalInterface
    interface NewBrokerConfigs {
        Map<String, String> of(Map<String, String> current) throws TopicException;
    }

    /** What altering a broker resource needs: this node's id, the configs fixed at start, and the change. */
    record BrokerChange(int nodeId, java.util.Set<String> fixedAtStart, NewBrokerConfigs change) {
    }

    static Outcome alter(TopicRegistry topics, RequestAuthorizer access, RequestContext context, byte type, String name,
                         NewOverrides change, boolean validateOnly) {
        return alter(topics, access, context, type, name, change, null, validateOnly);
    }

    /** As the other, with {@code brokers} for a broker resource (null: brokers are not altered by this request). */
    static Outcome alter(TopicRegistry topics, RequestAuthorizer access, RequestContext context, byte type, String name,
                         NewOverrides change, BrokerChange brokers, boolean validateOnly) {
        if (type == TOPIC && !access.allowedOnTopic(context, AclOperation.ALTER_CONFIGS, name)) {
            return new Outcome(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed: ALTER_CONFIGS on topic"
                    + " is needed");
        }
        if (type == BROKER && !access.allowedOnCluster(context, AclOperation.ALTER_CONFIGS)) {
            return new Outcome(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Authorization failed: ALTER_CONFIGS on the"
                    + " cluster is needed");
        }
        if (type == BROKER && brokers == null) {
            return new Outcome(ErrorCode.INVALID_REQUEST, "AlterConfigs does not alter broker '" + name + "': use"
                    + " IncrementalAlterConfigs, which changes only the configs it names");
        }
        if (type == BROKER) {
            return alterBroker(topics, brokers, name, validateOnly);
        }
        if (type != TOPIC) {
            return new Outcome(ErrorCode.INVALID_REQUEST, "Resource type " + type + " is not supported: expected a"
                    + " topic (type " + TOPIC + ")");
        }
        try {
            Topic topic = topics.topic(name).orElseThrow(() -> new TopicException(
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist"));
            topics.alterConfigs(name, change.of(topic), validateOnly);
            return Outcome.ok();
        } catch (TopicException e) {
            return new Outcome(e.errorCode(), e.getMessage());
        } catch (IOException e) {
            log.warn("Altering the configs of topic {} failed", name, e);
            return new Outcome(ErrorCode.KAFKA_STORAGE_ERROR, "Storing the configs of topic '" + name + "' failed: "
                    + e.getMessage());
        }
    }

    /** This broker (its node id) or the cluster-wide defaults (the empty name); another broker is INVALID_REQUEST. */
    private static Outcome alterBroker(TopicRegistry topics, BrokerChange brokers, String name, boolean validateOnly) {
        DynamicBrokerConfigs.Level level = name == null || name.isEmpty() ? DynamicBrokerConfigs.Level.CLUSTER_DEFAULT
                : DynamicBrokerConfigs.Level.BROKER;
        if (level == DynamicBrokerConfigs.Level.BROKER && !name.equals(Integer.toString(brokers.nodeId()))) {
            return new Outcome(ErrorCode.INVALID_REQUEST, "Broker '" + name + "' is not this broker: expected its node id "
                    + brokers.nodeId() + ", or the empty name for the cluster-wide defaults");
        }
        try {
            Map<String, String> next = brokers.change().of(topics.dynamicBrokerConfigs().values(level));
            topics.alterBrokerConfigs(level, next, brokers.fixedAtStart(), validateOnly);
            return Outcome.ok();
        } catch (TopicException e) {
            return new Outcome(e.errorCode(), e.getMessage());
        } catch (IOException e) {
            log.warn("Storing the dynamic broker configs failed", e);
            return new Outcome(ErrorCode.KAFKA_STORAGE_ERROR, "Storing the broker configs failed: " + e.getMessage());
        }
    }
}
