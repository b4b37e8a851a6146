package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * "The broker has started" as a user sees it: the first record acknowledged. Called right after the broker
 * JVM is launched, it creates a kafka-clients producer (the same client for both brokers) that keeps trying
 * to connect every few milliseconds, sends one record to a topic the broker creates on first use
 * (auto.create.topics.enable, on by default in both), and returns when the acknowledgement arrives.
 */
final class FirstAckProbe implements BrokerProcess.FirstContact {
    static final String TOPIC = "first-ack";
    private static final long LIMIT_NS = TimeUnit.SECONDS.toNanos(90);

    @Override
    public void await(String bootstrapServers, BooleanSupplier alive) throws Exception {
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(TOPIC, new byte[] {'h', 'i'}));
            while (true) {
                try {
                    ack.get(20, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException notYet) {
                    if (!alive.getAsBoolean()) {
                        throw new IllegalStateException("the broker JVM exited before acknowledging a record");
                    }
                    if (System.nanoTime() - t0 > LIMIT_NS) {
                        throw new IllegalStateException("no record acknowledged within 90 s of the launch");
                    }
                }
            }
        }
    }

    static Map<String, Object> settings(String bootstrapServers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        s.put("acks", "1");
        s.put("linger.ms", "0");
        s.put("enable.idempotence", "false");
        // Retry a refused connection and a topic still being created every few ms, not the default 50-1000 ms.
        s.put("reconnect.backoff.ms", "5");
        s.put("reconnect.backoff.max.ms", "20");
        s.put("retry.backoff.ms", "5");
        s.put("retry.backoff.max.ms", "20");
        s.put("max.block.ms", "90000");
        return s;
    }
}
