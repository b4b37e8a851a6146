package io.petrel.interop.cluster;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.Map;

/** The producer a scenario drives, Petrel's or kafka-clients', behind the few calls the scenarios make. */
interface ProducerUnderTest extends AutoCloseable {
    /** Where a send ends: the offset it was written at, or why it failed. */
    interface Outcome {
        void completed(long offset, Exception failure);
    }

    /** Sends {@code value} to {@code partition} of {@code topic}, with no key; may block while the buffer is full. */
    void send(String topic, int partition, byte[] value, Outcome outcome);

    void flush();

    @Override
    void close();

    /** Petrel's producer, configured with Kafka's keys. */
    static ProducerUnderTest petrel(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = Producer.create(config, new ByteArraySerializer(), new ByteArraySerializer());
        return new ProducerUnderTest() {
            @Override
            public void send(String topic, int partition, byte[] value, Outcome outcome) {
                producer.send(ProducerRecord.<byte[], byte[]>builder(topic).partition(partition).value(value).build(),
                        (m, e) -> outcome.completed(m == null ? -1 : m.offset(), e));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    /** kafka-clients 4.3.1's producer, the control. */
    static ProducerUnderTest kafka(Map<String, Object> config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        return new ProducerUnderTest() {
            @Override
            public void send(String topic, int partition, byte[] value, Outcome outcome) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, null, value),
                        (m, e) -> outcome.completed(e == null ? m.offset() : -1, e));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(10));
            }
        };
    }
}
