package io.petrel.broker.internal.handler;

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
 * Only topics (resource type 2) are altered here; a broker (type 4) is refused with INVALID_REQUEST, since
 * this broker has no dynamic broker configs, and other types with INVALID_REQUEST as Kafka does.
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

    static Outcome alter(TopicRegistry topics, byte type, String name, NewOverrides change, boolean validateOnly) {
        if (type == BROKER) {
            return new Outcome(ErrorCode.INVALID_REQUEST, "Broker '" + name + "' has no dynamic configs to alter:"
                    + " this broker's configs are fixed when it starts; topic configs (resource type 2) can be altered");
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
}
