package io.petrel.interop.security;

import java.util.Map;

/**
 * The two clients a security test holds to the same answers: Petrel's and kafka-clients', each making one produce
 * or one consume with the same settings and the same short request timeout ({@link PetrelCalls},
 * {@link KafkaClientCalls}).
 */
public enum ClientUnderTest {
    PETREL {
        @Override
        public Outcome produce(Map<String, String> config, String topic) {
            return PetrelCalls.produce(config, topic);
        }

        @Override
        public Outcome consume(Map<String, String> config, String topic, String group) {
            return PetrelCalls.consume(config, topic, group);
        }
    },
    KAFKA_CLIENTS {
        @Override
        public Outcome produce(Map<String, String> config, String topic) {
            return KafkaClientCalls.produce(config, topic);
        }

        @Override
        public Outcome consume(Map<String, String> config, String topic, String group) {
            return KafkaClientCalls.consume(config, topic, group);
        }
    };

    /** Sends one record to {@code topic} and waits for its acknowledgement. */
    public abstract Outcome produce(Map<String, String> config, String topic);

    /** Reads {@code topic} in {@code group} until a record arrives, an error, or the time to give up. */
    public abstract Outcome consume(Map<String, String> config, String topic, String group);
}
