package io.petrel.benchmarks.suite;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** kafka-clients 4.3.1's KafkaConsumer as a {@link ConsumerClient}: the reference. */
public final class KafkaConsumerClient implements ConsumerClient {
    @Override
    public String name() {
        return SuiteResults.KAFKA_CLIENTS;
    }

    @Override
    public Reader open(Map<String, Object> settings, String topic, boolean fromBeginning) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
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
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return new Polled(consumer);
    }

    /** The consumer as the suite drives it: assigned by hand ({@link #open}) or subscribed ({@link #join}). */
    private record Polled(KafkaConsumer<byte[], byte[]> consumer) implements GroupMember {
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
            return consumer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals(name)
                            && e.getKey().group().equals("consumer-fetch-manager-metrics")
                            && !e.getKey().tags().containsKey("topic"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .findFirst().orElse(Double.NaN);
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
