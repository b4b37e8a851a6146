package io.petrel.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.MetricName;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Petrel's metrics reach a Prometheus registry through Micrometer, under Micrometer's Kafka names. */
class PetrelClientMetricsTest {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Test
    void micrometersKafkaNamesFromGroupAndName() {
        assertEquals("kafka.producer.record.send.rate",
                PetrelClientMetrics.meterName(new MetricName("record-send-rate", "producer-metrics", "", Map.of())));
        assertEquals("kafka.consumer.fetch.manager.records.lag", PetrelClientMetrics.meterName(
                new MetricName("records-lag", "consumer-fetch-manager-metrics", "", Map.of())));
    }

    @Test
    void aProducersAndAConsumersMetricsAreScrapedAndGoWhenTheBindingCloses() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String topic = "micrometer-orders";
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(BROKER.broker().bootstrapServers()).clientId("orders-writer").build();
             PetrelClientMetrics producerMetrics = new PetrelClientMetrics(producer::allMetrics)) {
            producerMetrics.bindTo(registry);
            for (int i = 0; i < 25; i++) {
                producer.send(ProducerRecord.of(topic, "k" + i, "v" + i));
            }
            producer.flush();
            producerMetrics.refresh();

            FunctionCounter sent = registry.find("kafka.producer.record.send.total")
                    .tags("client.id", "orders-writer").functionCounter();
            assertNotNull(sent);
            assertEquals(25.0, sent.count());
            FunctionCounter perTopic = registry.find("kafka.producer.topic.record.send.total")
                    .tags(Tags.of("client.id", "orders-writer", "topic", topic)).functionCounter();
            assertEquals(25.0, perTopic.count());
            Gauge rate = registry.find("kafka.producer.record.send.rate").gauge();
            assertTrue(rate.value() > 0, () -> "record-send-rate " + rate.value());
            assertNotNull(registry.find("kafka.producer.node.request.latency.max").tagKeys("node.id").gauge());

            String scrape = registry.scrape();
            assertTrue(scrape.contains("kafka_producer_record_send_total{client_id=\"orders-writer\""), scrape);
            assertTrue(scrape.contains("kafka_version="), scrape);

            try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                    .bootstrapServers(BROKER.broker().bootstrapServers()).clientId("orders-reader")
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).build();
                 PetrelClientMetrics consumerMetrics = new PetrelClientMetrics(consumer::allMetrics, List.of(),
                         Duration.ofMinutes(1))) {
                consumer.assign(List.of(new io.petrel.client.TopicPartition(topic, 0)));
                consumerMetrics.bindTo(registry);
                int read = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read < 25 && System.nanoTime() < deadline) {
                    read += consumer.poll(Duration.ofMillis(100)).count();
                }
                consumerMetrics.refresh();
                // records-consumed-total exists for the consumer and per topic: only the per-topic one is bound.
                assertEquals(25.0, registry.find("kafka.consumer.fetch.manager.records.consumed.total")
                        .tags("client.id", "orders-reader", "topic", topic).functionCounter().count());
                assertEquals(1, registry.find("kafka.consumer.fetch.manager.records.consumed.total")
                        .tags("client.id", "orders-reader").meters().size());
                assertNotNull(registry.find("kafka.consumer.fetch.manager.records.lag")
                        .tags("topic", topic, "partition", "0").gauge());
            }
            assertNull(registry.find("kafka.consumer.fetch.manager.records.lag").tags("client.id", "orders-reader")
                    .gauge(), "the consumer's binding removed its meters on close");
        }
        assertNull(registry.find("kafka.producer.record.send.total").tags("client.id", "orders-writer")
                .functionCounter(), "the producer's binding removed its meters on close");
    }
}
