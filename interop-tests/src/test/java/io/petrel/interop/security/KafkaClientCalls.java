package io.petrel.interop.security;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One produce or one consume by kafka-clients with the given settings, as a failure test makes them: a short
 * request timeout ({@link #REQUEST_TIMEOUT}) and long block and delivery timeouts, so an error that only arrives
 * as a timeout shows as slow rather than as an early, misleading failure.
 */
public final class KafkaClientCalls {
    /** The request timeout every failure must beat. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long a call may run before the test gives up on it: long enough to tell a hang from a slow failure. */
    public static final Duration GIVE_UP = Duration.ofSeconds(20);

    private KafkaClientCalls() {
    }

    /** Sends one record to {@code topic} and waits for its acknowledgement. */
    public static Outcome produce(Map<String, String> config, String topic) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) GIVE_UP.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) GIVE_UP.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            return Outcome.of(() -> producer.send(new ProducerRecord<>(topic, "k", "v"))
                    .get(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Subscribes to {@code topic} in {@code group} and polls until a record arrives, an error, or {@link #GIVE_UP}. */
    public static Outcome consume(Map<String, String> config, String topic, String group) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) GIVE_UP.toMillis());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            return Outcome.of(() -> {
                long deadline = System.nanoTime() + GIVE_UP.toNanos();
                while (System.nanoTime() < deadline) {
                    if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                        return;
                    }
                }
                throw new java.util.concurrent.TimeoutException("nothing read nor thrown in " + GIVE_UP.toSeconds() + " s");
            });
        }
    }
}
