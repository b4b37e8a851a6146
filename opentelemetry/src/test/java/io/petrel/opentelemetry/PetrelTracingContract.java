package io.petrel.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The trace context survives produce → consume through the record's traceparent header, from a Petrel or a
 * kafka-clients sender to a Petrel consumer. {@link PetrelTracingOnBrokerStubTest} runs it on broker-stub,
 * interop-tests on a real Apache Kafka.
 */
public abstract class PetrelTracingContract {
    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final PetrelTracing tracing = PetrelTracing.create(otel);

    @AfterEach
    void shutdown() {
        provider.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<ConsumerRecord<String, String>> readAll(String topic, int count, List<SpanContext> seenInside) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(bootstrapServers()).autoOffsetReset(AutoOffsetReset.EARLIEST)
                .build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    fail("read " + read.size() + " of " + count);
                }
                for (ConsumerRecord<String, String> record : tracing.process(consumer.poll(Duration.ofMillis(100)))) {
                    read.add(record);
                    seenInside.add(Span.current().getSpanContext());
                }
            }
        }
        return read;
    }

    private List<SpanData> named(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void aSendIsAPublishSpanWhoseContextTheProcessSpanContinues() throws Exception {
        String topic = unique("traced");
        Span request = otel.getTracer("test").spanBuilder("handle request").startSpan();
        RecordMetadata sent;
        try (Producer<String, String> producer = tracing.wrap(Producer.builder(new StringSerializer(),
                new StringSerializer()).bootstrapServers(bootstrapServers()).build());
             Scope ignored = request.makeCurrent()) {
            sent = producer.send(ProducerRecord.of(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        } finally {
            request.end();
        }
        SpanData publish = named(topic + " publish").get(0);
        assertEquals(SpanKind.PRODUCER, publish.getKind());
        assertEquals(request.getSpanContext().getSpanId(), publish.getParentSpanId(), "child of the caller's span");
        assertEquals(sent.offset(), publish.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.longKey("messaging.kafka.message.offset")));

        List<SpanContext> inside = new ArrayList<>();
        ConsumerRecord<String, String> record = readAll(topic, 1, inside).get(0);
        String traceparent = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        String prefix = "00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-";
        assertTrue(traceparent.startsWith(prefix), traceparent);
        assertEquals(1, Integer.parseInt(traceparent.substring(prefix.length()), 16) & 1, "sampled: " + traceparent);

        SpanData process = named(topic + " process").get(0);
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals(publish.getTraceId(), process.getTraceId(), "one trace from the request to the processing");
        assertEquals(publish.getSpanId(), process.getParentSpanId());
        assertEquals(process.getSpanId(), inside.get(0).getSpanId(), "the process span is current while handled");
    }

    @Test
    void aKafkaClientsRecordWithATraceparentIsProcessedInItsTrace() {
        String topic = unique("from-kafka-clients");
        Span sender = otel.getTracer("test").spanBuilder("kafka-clients sender").startSpan();
        String traceparent = "00-" + sender.getSpanContext().getTraceId() + "-" + sender.getSpanContext().getSpanId()
                + "-01";
        sender.end();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class))) {
            org.apache.kafka.clients.producer.ProducerRecord<String, String> record =
                    new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, "k", "v");
            // What OpenTelemetry's kafka-clients instrumentation writes: the W3C header, as text.
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.flush();
        }
        List<SpanContext> inside = new ArrayList<>();
        readAll(topic, 1, inside);
        SpanData process = named(topic + " process").get(0);
        assertEquals(sender.getSpanContext().getTraceId(), process.getTraceId());
        assertEquals(sender.getSpanContext().getSpanId(), process.getParentSpanId());
        assertTrue(inside.get(0).isValid());
    }

    @Test
    void aFailedSendEndsItsSpanWithTheError() {
        try (Producer<String, String> producer = tracing.wrap(Producer.builder(new StringSerializer(),
                new StringSerializer()).bootstrapServers(bootstrapServers()).build())) {
            producer.close();
            assertTrue(producer.send(ProducerRecord.of("closed", "v")).isCompletedExceptionally());
        }
        SpanData publish = named("closed publish").get(0);
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, publish.getStatus().getStatusCode());
        assertNotNull(publish.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
                .orElse(null));
    }
}
