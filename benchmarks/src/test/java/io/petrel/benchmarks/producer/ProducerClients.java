package io.petrel.benchmarks.producer;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.ByteArraySerializer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The two producers under test, driven the same way: a new producer per run from the same settings map,
 * metadata for the topic fetched before the clock starts, then {@code records} sends of a null key and a
 * {@link Payloads} value, each with a callback object carrying its send time (as ProducerPerformance does),
 * then flush() and a wait for every callback. Closing is outside the clock.
 */
public final class ProducerClients {
    /** The metrics both clients have under Kafka's names, read after each run. */
    static final Set<String> METRICS = Set.of("batch-size-avg", "request-total", "request-latency-avg",
            "compression-rate-avg", "record-queue-time-avg", "records-per-request-avg", "outgoing-byte-total");

    private ProducerClients() {
    }

    /** One of the producers under test. */
    public interface Client {
        String name();

        /** Sends with no partition given: the client's partitioner picks (sticky, as both default to). */
        default void run(String topic, Map<String, Object> settings, Payloads payloads, int records,
                         RunMeasurement m) throws Exception {
            run(topic, 0, settings, payloads, records, m);
        }

        /**
         * Sends record i to partition {@code i % spreadOver} when {@code spreadOver > 0}, so that every
         * partition of the topic is written in turn (the scale part's many-partition runs); with 0 as
         * {@link #run(String, Map, Payloads, int, RunMeasurement)}.
         */
        void run(String topic, int spreadOver, Map<String, Object> settings, Payloads payloads, int records,
                 RunMeasurement m) throws Exception;
    }

    public static final Client PETREL = new Client() {
        @Override
        public String name() {
            return "Petrel";
        }

        @Override
        public void run(String topic, int spreadOver, Map<String, Object> settings, Payloads payloads, int records,
                        RunMeasurement m) throws Exception {
            try (Producer<byte[], byte[]> producer =
                         Producer.create(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.partitionsFor(topic);
                m.start();
                for (int i = 0; i < records; i++) {
                    ProducerRecord<byte[], byte[]> r = spreadOver > 0
                            ? ProducerRecord.<byte[], byte[]>builder(topic).partition(i % spreadOver)
                                    .value(payloads.get(i)).build()
                            : ProducerRecord.of(topic, payloads.get(i));
                    producer.send(r, new PetrelCallback(m, System.nanoTime()));
                }
                m.sendLoopDone();
                producer.flush();
                m.awaitAll(5, TimeUnit.MINUTES);
                Map<String, Double> metrics = new TreeMap<>();
                producer.metrics().forEach((name, value) -> {
                    if (METRICS.contains(name)) {
                        metrics.put(name, value);
                    }
                });
                m.clientMetrics(metrics);
            }
        }
    };

    public static final Client KAFKA = new Client() {
        @Override
        public String name() {
            return "kafka-clients";
        }

        @Override
        public void run(String topic, int spreadOver, Map<String, Object> settings, Payloads payloads, int records,
                        RunMeasurement m) throws Exception {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                producer.partitionsFor(topic);
                m.start();
                for (int i = 0; i < records; i++) {
                    producer.send(spreadOver > 0
                                    ? new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % spreadOver,
                                            null, payloads.get(i))
                                    : new org.apache.kafka.clients.producer.ProducerRecord<>(topic, payloads.get(i)),
                            new KafkaCallback(m, System.nanoTime()));
                }
                m.sendLoopDone();
                producer.flush();
                m.awaitAll(5, TimeUnit.MINUTES);
                Map<String, Double> metrics = new TreeMap<>();
                producer.metrics().forEach((name, metric) -> {
                    if (name.group().equals("producer-metrics") && METRICS.contains(name.name())
                            && metric.metricValue() instanceof Number n) {
                        metrics.put(name.name(), n.doubleValue());
                    }
                });
                m.clientMetrics(metrics);
            }
        }
    };

    private record PetrelCallback(RunMeasurement m, long sendNanos) implements io.petrel.producer.Callback {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            m.completed(sendNanos, exception);
        }
    }

    private record KafkaCallback(RunMeasurement m, long sendNanos)
            implements org.apache.kafka.clients.producer.Callback {
        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            m.completed(sendNanos, exception);
        }
    }
}
