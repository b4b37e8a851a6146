package io.petrel.benchmarks.suite;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.serializers.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Petrel's consumer as a {@link ConsumerClient}, driven exactly as {@link KafkaConsumerClient} drives
 * kafka-clients'.
 */
public final class PetrelConsumerClient implements ConsumerClient {
    @Override
    public String name() {
        return SuiteResults.PETREL;
    }

    @Override
    public Reader open(Map<String, Object> settings, String topic, boolean fromBeginning) {
        Consumer<byte[], byte[]> consumer = Consumer.create(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        return new Polled(consumer);
    }

    @Override
    public GroupMember join(Map<String, Object> settings, String topic) {
        Consumer<byte[], byte[]> consumer = Consumer.create(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return new Polled(consumer);
    }

    /** The consumer as the suite drives it: assigned by hand ({@link #open}) or subscribed ({@link #join}). */
    private record Polled(Consumer<byte[], byte[]> consumer) implements GroupMember {
        @Override
        public int poll(Duration timeout, ValueSink sink) {
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                sink.accept(r.value());
                n++;
            }
            return n;
        }

        @Override
        public double fetchMetric(String name) {
            return consumer.metrics().getOrDefault(name, Double.NaN);
        }

        @Override
        public int assignedPartitions() {
            return consumer.assignment().size();
        }

        @Override
        public void rewindAssigned() {
            consumer.seekToBeginning(consumer.assignment());
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
