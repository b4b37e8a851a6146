package io.petrel.samples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.micrometer.PetrelClientMetrics;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Petrel's client metrics in Prometheus through Micrometer, without Spring: a producer and a consumer are bound
 * to a {@link PrometheusMeterRegistry} with {@link PetrelClientMetrics} (petrel-micrometer), records go through,
 * and the registry's scrape (what a Prometheus server would fetch from {@code /metrics}) is printed, filtered to
 * a few of the meters: {@code kafka_producer_record_send_total}, {@code kafka_producer_request_latency_max},
 * {@code kafka_consumer_fetch_manager_records_consumed_total} and the per-partition
 * {@code kafka_consumer_fetch_manager_records_lag}, named as Micrometer names kafka-clients' metrics.
 *
 * <p>Run: {@code MicrometerPrometheusSample [--bootstrap-server HOST:PORT]}.
 */
public final class MicrometerPrometheusSample {
    /** How many records go through. */
    public static final int RECORDS = 50;
    /** The scrape's lines the sample prints, by the meter names they start with. */
    public static final List<String> SHOWN = List.of("kafka_producer_record_send_total",
            "kafka_producer_request_latency_max", "kafka_consumer_fetch_manager_records_consumed_total",
            "kafka_consumer_fetch_manager_records_lag{");

    private MicrometerPrometheusSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, MicrometerPrometheusSample::run);
    }

    /** Sends and reads {@value #RECORDS} records with both clients bound to a Prometheus registry; returns the scrape. */
    public static String run(SampleBroker broker, PrintStream out) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String topic = "metrics-sample";
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers()).clientId("metrics-sample-producer").build();
             Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                     .bootstrapServers(broker.bootstrapServers()).clientId("metrics-sample-consumer")
                     .groupId("metrics-sample").autoOffsetReset(AutoOffsetReset.EARLIEST).build();
             PetrelClientMetrics producerMetrics = new PetrelClientMetrics(producer::allMetrics);
             PetrelClientMetrics consumerMetrics = new PetrelClientMetrics(consumer::allMetrics)) {
            producerMetrics.bindTo(registry);
            consumerMetrics.bindTo(registry);
            for (int i = 0; i < RECORDS; i++) {
                producer.send(ProducerRecord.of(topic, "key-" + i, "reading " + i));
            }
            producer.flush();
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read < RECORDS && System.nanoTime() - deadline < 0) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            out.println("sent " + RECORDS + " records, read " + read);
            // Topic, broker and partition metrics appear as the clients use them: a binding looks for new ones
            // every minute; a scrape right now asks it to look at once.
            producerMetrics.refresh();
            consumerMetrics.refresh();
            String scrape = registry.scrape();
            scrape.lines().filter(line -> SHOWN.stream().anyMatch(line::startsWith)).forEach(out::println);
            return scrape;
        }
    }
}
