package io.petrel.producer;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.TimeoutException;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** send() never waits for metadata: records for an unknown topic wait inside the producer, up to max.block.ms. */
class MetadataWaitTest {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = PetrelBrokerExtension.configured(b -> b.autoCreateTopics(false));

    private ProducerBuilder<String, String> producer() {
        return Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(BROKER.broker().bootstrapServers());
    }

    @Test
    void recordsForATopicCreatedLaterWaitAndGoInOrder() throws Exception {
        String topic = ProducerContract.uniqueTopic("later");
        try (Producer<String, String> producer = producer().maxBlock(Duration.ofSeconds(20)).build()) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "k", "v" + i)));
            }
            // Had send() waited for the topic, it would have failed each record after max.block.ms: each
            // returned future is pending instead, and completes only once the topic exists.
            for (int i = 0; i < 50; i++) {
                assertFalse(futures.get(i).isDone(), "record " + i + " completed before its topic existed");
            }
            new KafkaReadBack(BROKER.broker().bootstrapServers()).createTopic(topic, 2);
            for (int i = 0; i < 50; i++) {
                assertEquals(i, futures.get(i).get(30, TimeUnit.SECONDS).offset());
            }
        }
    }

    @Test
    void aTopicThatNeverAppearsFailsAfterMaxBlock() throws Exception {
        String topic = ProducerContract.uniqueTopic("never");
        try (Producer<String, String> producer = producer().maxBlock(Duration.ofMillis(500)).build()) {
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of(topic, "v"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(timeout.getMessage().contains(topic) && timeout.getMessage().contains("max.block.ms"),
                    timeout.getMessage());
            assertEquals(producer.metrics().get("buffer-total-bytes"), producer.metrics().get("buffer-available-bytes"));
            assertThrows(TimeoutException.class, () -> producer.partitionsFor(topic));
        }
    }
}
