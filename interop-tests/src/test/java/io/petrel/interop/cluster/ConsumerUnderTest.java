package io.petrel.interop.cluster;

import io.petrel.consumer.Consumer;
import io.petrel.serializers.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A consumer a scenario drives, Petrel's or kafka-clients', reading one assigned partition from offset 0, behind the
 * one call the truncation scenario makes: a poll that gives the records, or the truncation the consumer reported.
 */
interface ConsumerUnderTest extends AutoCloseable {
    /** A record read: its offset, the leader epoch of its batch, its value. */
    record Read(long offset, Optional<Integer> leaderEpoch, String value) {
    }

    /**
     * What a LogTruncationException said: the fetch position, the divergent offset and its epoch (-1 and empty when
     * unknown), and the message.
     */
    record Truncation(long fetchOffset, long divergentOffset, Optional<Integer> divergentEpoch, String message) {
    }

    /** One poll's outcome: the records, or the truncation reported instead. */
    record Polled(List<Read> records, Truncation truncation) {
    }

    Polled poll(Duration timeout);

    @Override
    void close();

    /** Petrel's consumer on {@code topic}-0 with auto.offset.reset {@code reset}, no group. */
    static ConsumerUnderTest petrel(String bootstrap, String topic, String reset) {
        Consumer<byte[], byte[]> consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap,
                        "auto.offset.reset", reset, "client.id", "epoch-petrel-" + reset, "retry.backoff.ms", "100",
                        "request.timeout.ms", "10000"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        io.petrel.client.TopicPartition tp = new io.petrel.client.TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, 0);
        return new ConsumerUnderTest() {
            @Override
            public Polled poll(Duration timeout) {
                List<Read> read = new ArrayList<>();
                try {
                    consumer.poll(timeout).forEach(r -> read.add(new Read(r.offset(), r.leaderEpoch(),
                            new String(r.value(), StandardCharsets.UTF_8))));
                    return new Polled(read, null);
                } catch (io.petrel.consumer.LogTruncationException e) {
                    io.petrel.client.OffsetAndMetadata d = e.divergentOffsets().get(tp);
                    return new Polled(List.of(), new Truncation(e.offsetOutOfRangePartitions().get(tp),
                            d == null ? -1 : d.offset(), d == null ? Optional.empty() : d.leaderEpoch(), e.getMessage()));
                }
            }

            @Override
            public void close() {
                consumer.close(Duration.ofSeconds(5));
            }
        };
    }

    /** kafka-clients 4.3.1's consumer, the control, likewise. */
    static ConsumerUnderTest kafka(String bootstrap, String topic, String reset) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "auto.offset.reset", reset, "client.id", "epoch-kafka-" + reset, "retry.backoff.ms", "100",
                "request.timeout.ms", "10000"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, 0);
        return new ConsumerUnderTest() {
            @Override
            public Polled poll(Duration timeout) {
                List<Read> read = new ArrayList<>();
                try {
                    consumer.poll(timeout).forEach(r -> read.add(new Read(r.offset(), r.leaderEpoch(),
                            new String(r.value(), StandardCharsets.UTF_8))));
                    return new Polled(read, null);
                } catch (LogTruncationException e) {
                    org.apache.kafka.clients.consumer.OffsetAndMetadata d = e.divergentOffsets().get(tp);
                    return new Polled(List.of(), new Truncation(e.offsetOutOfRangePartitions().get(tp),
                            d == null ? -1 : d.offset(), d == null ? Optional.empty() : d.leaderEpoch(), e.getMessage()));
                }
            }

            @Override
            public void close() {
                consumer.close(Duration.ofSeconds(5));
            }
        };
    }
}
