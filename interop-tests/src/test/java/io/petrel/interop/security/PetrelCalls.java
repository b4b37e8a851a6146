package io.petrel.interop.security;

import io.petrel.consumer.Consumer;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.petrel.interop.security.KafkaClientCalls.GIVE_UP;
import static io.petrel.interop.security.KafkaClientCalls.REQUEST_TIMEOUT;

/**
 * One produce or one consume by Petrel's clients, set up as {@link KafkaClientCalls} sets up kafka-clients: the
 * short request timeout every failure must beat, long block and delivery timeouts behind it.
 */
public final class PetrelCalls {
    private PetrelCalls() {
    }

    /** Sends one record to {@code topic} and waits for its acknowledgement. */
    public static Outcome produce(Map<String, String> config, String topic) {
        Map<String, Object> props = new HashMap<>(config);
        props.put("request.timeout.ms", (int) REQUEST_TIMEOUT.toMillis());
        props.put("max.block.ms", GIVE_UP.toMillis());
        props.put("delivery.timeout.ms", (int) GIVE_UP.toMillis());
        props.put("linger.ms", 0);
        try (Producer<String, String> producer = Producer.create(props, new StringSerializer(), new StringSerializer())) {
            return Outcome.of(() -> producer.send(ProducerRecord.of(topic, "k", "v"))
                    .get(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Subscribes to {@code topic} in {@code group} and polls until a record arrives, an error, or {@link KafkaClientCalls#GIVE_UP}. */
    public static Outcome consume(Map<String, String> config, String topic, String group) {
        Map<String, Object> props = new HashMap<>(config);
        props.put("request.timeout.ms", (int) REQUEST_TIMEOUT.toMillis());
        props.put("default.api.timeout.ms", (int) GIVE_UP.toMillis());
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = Consumer.create(props, new StringDeserializer(), new StringDeserializer())) {
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
