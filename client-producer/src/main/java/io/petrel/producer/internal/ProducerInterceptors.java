package io.petrel.producer.internal;

import io.petrel.producer.ProducerInterceptor;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.Headers;
import io.petrel.serializers.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The first stage of the producer's pipeline: the interceptors of {@code interceptor.classes}, in order. An
 * interceptor that throws is logged with its class name and skipped, as kafka-clients does: auditing or
 * tracing code must not fail a send. An empty chain is never consulted ({@link #isEmpty}), so a producer
 * without interceptors pays nothing per record.
 */
final class ProducerInterceptors<K, V> {
    private static final Logger log = LoggerFactory.getLogger(ProducerInterceptors.class);

    private static final RecordHeaders NO_HEADERS = new RecordHeaders();

    static {
        NO_HEADERS.setReadOnly();
    }

    private final List<ProducerInterceptor<K, V>> interceptors;

    ProducerInterceptors(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /** Each interceptor's onSend on what the previous one returned; a throwing one leaves the record as it was. */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> current = record;
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                ProducerRecord<K, V> next = interceptor.onSend(current);
                if (next == null) {
                    log.warn("Interceptor {} returned null from onSend for a record of topic {}: sending the record"
                            + " it was given", interceptor.getClass().getName(), current.topic());
                } else {
                    current = next;
                }
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw in onSend for a record of topic {}; the record goes on without it",
                        interceptor.getClass().getName(), current.topic(), e);
            }
        }
        return current;
    }

    /**
     * What tells the interceptors of one record's outcome, with its headers. One per record, and only when there
     * are interceptors: a producer without them keeps no headers past serialization.
     */
    RecordCompletion.Acknowledgements of(ProducerRecord<K, V> record) {
        Headers headers = record.headers() == null ? NO_HEADERS : record.headers();
        return (metadata, exception) -> onAcknowledgement(metadata, exception, headers);
    }

    private void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.onAcknowledgement(metadata, exception, headers);
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw in onAcknowledgement for topic {} partition {}",
                        interceptor.getClass().getName(), metadata.topic(), metadata.partition(), e);
            }
        }
    }

    void close() {
        for (ProducerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.close();
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw on close", interceptor.getClass().getName(), e);
            }
        }
    }
}
