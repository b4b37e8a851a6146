package io.petrel.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.producer.Callback;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.Header;
import io.petrel.serializers.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Traces Petrel's clients with OpenTelemetry, as OpenTelemetry's Kafka instrumentation traces kafka-clients:
 *
 * <pre>{@code
 * PetrelTracing tracing = PetrelTracing.create(openTelemetry);
 * Producer<String, String> producer = tracing.wrap(Producer.builder(...).build());
 * producer.send(record);                                   // span "orders publish", traceparent header set
 *
 * for (ConsumerRecord<String, String> r : tracing.process(consumer.poll(timeout))) {
 *     handle(r);                                           // inside span "orders process", child of the sender's
 * }
 * }</pre>
 *
 * <p>A send is a PRODUCER span named {@code TOPIC publish}, child of the caller's current context, ended when
 * the record is acknowledged (with its partition and offset) or fails (with the error); its context is written
 * into the record's headers by the OpenTelemetry instance's propagators (W3C {@code traceparent} and
 * {@code tracestate} with the default W3C propagator), replacing any there. Each record a {@link #process}
 * iteration hands out is a CONSUMER span named {@code TOPIC process}, child of the context its headers carry
 * (a Petrel or a kafka-clients sender's, instrumented or setting {@code traceparent} itself), current on the
 * iterating thread until the next record is asked for or the iteration ends. Attributes follow OpenTelemetry's
 * messaging conventions ({@code messaging.system=kafka}, {@code messaging.destination.name},
 * {@code messaging.operation}, {@code messaging.kafka.destination.partition}, {@code messaging.kafka.message.offset}).
 */
public final class PetrelTracing {
    static final String INSTRUMENTATION = "io.petrel.opentelemetry";

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final TextMapGetter<ConsumerRecord<?, ?>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<?, ?> record) {
            List<String> keys = new ArrayList<>();
            record.headers().forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(ConsumerRecord<?, ?> record, String key) {
            if (record == null) {
                return null;
            }
            Header header = record.headers().lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private PetrelTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing through {@code openTelemetry}'s tracer provider and propagators. */
    public static PetrelTracing create(OpenTelemetry openTelemetry) {
        return new PetrelTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** A producer that traces each send and propagates its context; closing it closes {@code producer}. */
    public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
        return new TracingProducer<>(Objects.requireNonNull(producer, "producer"), this);
    }

    /** The records, each one's processing a span while the iteration is on it (see the class comment). */
    public <K, V> Iterable<ConsumerRecord<K, V>> process(ConsumerRecords<K, V> records) {
        Objects.requireNonNull(records, "records");
        return () -> new ProcessingIterator<>(records.iterator());
    }

    /** The context a record's headers carry (the sender's span), or the current one when they carry none. */
    public Context extract(ConsumerRecord<?, ?> record) {
        return propagator.extract(Context.current(), record, GETTER);
    }

    /** Starts the publish span, writes its context into the record's headers, and sends within it. */
    <K, V> CompletableFuture<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record,
                                                 Callback callback) {
        Context parent = Context.current();
        Span span = tracer.spanBuilder(record.topic() + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.operation", "publish")
                .startSpan();
        Context context = parent.with(span);
        try {
            propagator.inject(context, record.headers(), SETTER);
        } catch (IllegalStateException e) {
            // The record was sent before and its headers are read-only: it goes without a new context.
            span.addEvent("headers read-only: context not propagated");
        }
        Callback ending = (metadata, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, error.getMessage() == null ? error.toString() : error.getMessage());
            } else {
                span.setAttribute("messaging.kafka.destination.partition", metadata.partition());
                span.setAttribute("messaging.kafka.message.offset", metadata.offset());
            }
            span.end();
            if (callback != null) {
                try (Scope ignored = context.makeCurrent()) {
                    callback.onCompletion(metadata, error);
                }
            }
        };
        try (Scope ignored = context.makeCurrent()) {
            return producer.send(record, ending);
        }
    }

    /** Hands out records, each within its own process span, ending the previous one first. */
    private final class ProcessingIterator<K, V> implements Iterator<ConsumerRecord<K, V>> {
        private final Iterator<ConsumerRecord<K, V>> records;
        private Span span;
        private Scope scope;

        ProcessingIterator(Iterator<ConsumerRecord<K, V>> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            endCurrent();
            return records.hasNext();
        }

        @Override
        public ConsumerRecord<K, V> next() {
            endCurrent();
            if (!records.hasNext()) {
                throw new NoSuchElementException("No more records");
            }
            ConsumerRecord<K, V> record = records.next();
            Context parent = extract(record);
            span = tracer.spanBuilder(record.topic() + " process").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", record.topic())
                    .setAttribute("messaging.operation", "process")
                    .setAttribute("messaging.kafka.destination.partition", record.partition())
                    .setAttribute("messaging.kafka.message.offset", record.offset())
                    .startSpan();
            scope = parent.with(span).makeCurrent();
            return record;
        }

        private void endCurrent() {
            if (scope != null) {
                scope.close();
                scope = null;
            }
            if (span != null) {
                span.end();
                span = null;
            }
        }
    }
}
