package io.petrel.consumer.internal;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two Petrel consumers in one group on the broker-stub: they split the partitions and take over on close. */
class GroupOnBrokerStubTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(4)
            .groupInitialRebalanceDelay(Duration.ZERO));

    private Consumer<String, String> member(String group, List<String> events) {
        Consumer<String, String> c = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).groupId(group)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).heartbeatInterval(Duration.ofMillis(100))
                .sessionTimeout(Duration.ofSeconds(6)).build();
        c.subscribe(List.of("orders"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked " + partitions.size());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned " + partitions.size());
            }
        });
        return c;
    }

    private static void pollUntil(BooleanSupplier done, Consumer<?, ?>... consumers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            for (Consumer<?, ?> c : consumers) {
                c.poll(Duration.ofMillis(50));
            }
        }
    }

    @Test
    void twoMembersSplitThePartitionsAndOneTakesOverWhenTheOtherCloses() throws Exception {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).build()) {
            for (int i = 0; i < 40; i++) {
                producer.send(ProducerRecord.of("orders", "k" + i, "v" + i)).get();
            }
        }
        List<String> eventsA = new CopyOnWriteArrayList<>();
        List<String> eventsB = new CopyOnWriteArrayList<>();
        Consumer<String, String> a = member("split", eventsA);
        try (Consumer<String, String> b = member("split", eventsB)) {
            pollUntil(() -> a.assignment().size() + b.assignment().size() == 4
                    && !a.assignment().isEmpty() && !b.assignment().isEmpty(), a, b);
            Set<TopicPartition> union = new HashSet<>(a.assignment());
            union.addAll(b.assignment());
            assertEquals(4, union.size(), "every partition has exactly one owner: " + a.assignment() + " / " + b.assignment());
            assertEquals(2, a.assignment().size());
            a.close();
            pollUntil(() -> b.assignment().size() == 4, b);
            assertTrue(eventsA.contains("revoked 2"), "the closing member revoked its partitions: " + eventsA);
            assertTrue(eventsB.contains("assigned 4"), "the remaining member got every partition: " + eventsB);
        }
    }

    @Test
    void aRestartedMemberResumesFromItsCommittedOffsets() throws Exception {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).build()) {
            for (int i = 0; i < 30; i++) {
                producer.send(ProducerRecord.<String, String>builder("resume").partition(0).value("v" + i).build()).get();
            }
        }
        List<String> first = new CopyOnWriteArrayList<>();
        try (Consumer<String, String> c = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).groupId("resume-group").enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(10).build()) {
            c.subscribe(List.of("resume"));
            pollUntil(() -> {
                c.poll(Duration.ofMillis(50)).forEach(r -> first.add(r.value()));
                return first.size() >= 10;
            });
            c.commitSync(java.util.Map.of(new TopicPartition("resume", 0), io.petrel.client.OffsetAndMetadata.of(10)));
        }
        List<String> second = new CopyOnWriteArrayList<>();
        try (Consumer<String, String> c = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).groupId("resume-group").enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            c.subscribe(List.of("resume"));
            pollUntil(() -> {
                c.poll(Duration.ofMillis(50)).forEach(r -> second.add(r.value()));
                return second.size() >= 20;
            });
        }
        assertEquals("v10", second.get(0), "resumed at the committed offset");
        assertEquals(20, second.size());
    }
}
