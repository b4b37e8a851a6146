package io.petrel.benchmarks.suite;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The producer side of the end-to-end latency part: sends one value at a time to a topic and counts failures,
 * the same for Petrel's producer and kafka-clients'. (The producer throughput part drives producers through
 * {@code io.petrel.benchmarks.producer.ProducerClients}, which measures every acknowledgement instead.)
 */
public interface RecordSender extends AutoCloseable {
    void send(String topic, byte[] value);

    void flush();

    /** Records whose send failed so far. */
    long failures();

    /** The first failure, or null. */
    Exception firstFailure();

    @Override
    void close();

    /** Opens a sender of the named client ("Petrel" or "kafka-clients") with the metadata for {@code topic} fetched. */
    static RecordSender open(String client, Map<String, Object> settings, String topic) {
        return switch (client) {
            case SuiteResults.PETREL -> new PetrelSender(settings, topic);
            case SuiteResults.KAFKA_CLIENTS -> new KafkaSender(settings, topic);
            default -> throw new IllegalArgumentException("No producer named '" + client + "'; expected "
                    + SuiteResults.PETREL + " or " + SuiteResults.KAFKA_CLIENTS);
        };
    }

    /** Counts failures from callbacks. */
    final class Failures {
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<Exception> first = new AtomicReference<>();

        void record(Exception e) {
            if (e != null) {
                count.incrementAndGet();
                first.compareAndSet(null, e);
            }
        }
    }

    /** Petrel's producer. */
    final class PetrelSender implements RecordSender {
        private final Producer<byte[], byte[]> producer;
        private final Failures failures = new Failures();

        PetrelSender(Map<String, Object> settings, String topic) {
            producer = Producer.create(settings, new ByteArraySerializer(), new ByteArraySerializer());
            producer.partitionsFor(topic);
        }

        @Override
        public void send(String topic, byte[] value) {
            producer.send(ProducerRecord.<byte[], byte[]>of(topic, value), (metadata, e) -> failures.record(e));
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public long failures() {
            return failures.count.get();
        }

        @Override
        public Exception firstFailure() {
            return failures.first.get();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    /** kafka-clients' KafkaProducer. */
    final class KafkaSender implements RecordSender {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Failures failures = new Failures();

        KafkaSender(Map<String, Object> settings, String topic) {
            producer = new KafkaProducer<>(settings, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            producer.partitionsFor(topic);
        }

        @Override
        public void send(String topic, byte[] value) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value),
                    (metadata, e) -> failures.record(e));
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public long failures() {
            return failures.count.get();
        }

        @Override
        public Exception firstFailure() {
            return failures.first.get();
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
