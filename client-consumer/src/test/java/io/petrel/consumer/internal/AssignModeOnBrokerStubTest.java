package io.petrel.consumer.internal;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.TopicPartition;
import io.petrel.compression.CompressionType;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.WakeupException;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manual assignment against the broker-stub, with data written by Petrel's producer in every codec. */
class AssignModeOnBrokerStubTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(3));

    private static final int PER_CODEC = 200;

    private Consumer<String, String> consumer() {
        return Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(kafka.broker().bootstrapServers()).autoOffsetReset(AutoOffsetReset.EARLIEST)
                .maxPollRecords(100).build();
    }

    /** Writes PER_CODEC records per codec to each of the topic's 3 partitions; values "p-i". */
    private void write(String topic) throws Exception {
        for (CompressionType codec : CompressionType.values()) {
            try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                    .bootstrapServers(kafka.broker().bootstrapServers()).compression(codec).build()) {
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    for (int i = 0; i < PER_CODEC; i++) {
                        sent.add(producer.send(ProducerRecord.<String, String>builder(topic).partition(p)
                                .key(codec.configName()).value(p + "-" + i).build()));
                    }
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<TopicPartition, List<ConsumerRecord<String, String>>> readAll(Consumer<String, String> c, int total) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> out = new HashMap<>();
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (n < total && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                out.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r);
                n++;
            }
        }
        return out;
    }

    @Test
    void severalPartitionsInEveryCodecSeekAndPause() throws Exception {
        String topic = "codecs";
        write(topic);
        int perPartition = PER_CODEC * CompressionType.values().length;
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition p2 = new TopicPartition(topic, 2);
        try (Consumer<String, String> c = consumer()) {
            c.assign(List.of(p0, p1, p2));
            Map<TopicPartition, List<ConsumerRecord<String, String>>> read = readAll(c, 3 * perPartition);
            for (TopicPartition tp : List.of(p0, p1, p2)) {
                List<ConsumerRecord<String, String>> records = read.get(tp);
                assertEquals(perPartition, records.size(), tp.toString());
                for (int i = 0; i < records.size(); i++) {
                    assertEquals(i, records.get(i).offset());
                    assertEquals(tp.partition() + "-" + (i % PER_CODEC), records.get(i).value());
                }
                assertEquals(CompressionType.values()[CompressionType.values().length - 1].configName(),
                        records.get(records.size() - 1).key());
            }
            c.seek(p1, 250);
            c.pause(List.of(p0, p2));
            Map<TopicPartition, List<ConsumerRecord<String, String>>> again = readAll(c, perPartition - 250);
            assertEquals(List.of(p1), List.copyOf(again.keySet()), "paused partitions return nothing");
            assertEquals(250, again.get(p1).get(0).offset());
            c.resume(List.of(p0));
            c.seekToBeginning(List.of(p0));
            Map<TopicPartition, List<ConsumerRecord<String, String>>> resumed = readAll(c, perPartition);
            assertEquals(perPartition, resumed.get(p0).size());
            assertEquals(Map.of(p0, 0L, p1, 0L, p2, 0L), c.beginningOffsets(List.of(p0, p1, p2)));
            assertEquals((long) perPartition, c.endOffsets(List.of(p2)).get(p2));
            assertTrue(c.metrics().get("records-consumed-total") >= 4 * perPartition - 250);
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockingPoll() throws Exception {
        try (Consumer<String, String> c = consumer()) {
            c.assign(List.of(new TopicPartition("quiet", 0)));
            CountDownLatch polling = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    polling.countDown();
                    c.poll(Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(polling.await(5, TimeUnit.SECONDS));
            c.wakeup();
            assertInstanceOf(WakeupException.class, outcome.get(10, TimeUnit.SECONDS));
        }
    }
}
