package io.petrel.interop.cluster;

import java.util.HashMap;
import java.util.Map;

/** Whose client a scenario runs: Petrel's, or kafka-clients' as the control. Both take the same Kafka keys. */
enum ClientKind {
    PETREL,
    KAFKA;

    /**
     * An idempotent producer with {@code acks=all} on {@code bootstrap}, plus {@code overrides}: the settings every
     * scenario starts from (short request and delivery timeouts, so a dead leader is noticed within seconds).
     */
    ProducerUnderTest producer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", "chaos-" + name().toLowerCase());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("linger.ms", "5");
        config.put("request.timeout.ms", "10000");
        config.put("delivery.timeout.ms", "120000");
        config.put("retry.backoff.ms", "100");
        config.put("retry.backoff.max.ms", "1000");
        config.put("metadata.max.age.ms", "30000");
        config.putAll(overrides);
        return this == PETREL ? ProducerUnderTest.petrel(config) : ProducerUnderTest.kafka(config);
    }

    /** A consumer reading {@code topic}-0 from offset 0 with this auto.offset.reset, no group. */
    ConsumerUnderTest consumer(String bootstrap, String topic, String reset) {
        return this == PETREL ? ConsumerUnderTest.petrel(bootstrap, topic, reset)
                : ConsumerUnderTest.kafka(bootstrap, topic, reset);
    }

    /** The lower-case name used in reports and topic names. */
    String label() {
        return name().toLowerCase();
    }
}
