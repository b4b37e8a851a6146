package io.petrel.producer;

import io.petrel.serializers.Headers;

import java.util.Map;

/**
 * Sees each record before it is serialized and each acknowledgement before the sender's callback: for
 * auditing, tracing headers, counting. Named in {@code interceptor.classes} (classes, created through their
 * public no-argument constructor and then {@link #configure}d with the producer's settings, or instances),
 * with kafka-clients' rules:
 *
 * <ul>
 *   <li>Interceptors run in the order listed; each {@link #onSend} gets the record the previous one returned.
 *   <li>An exception an interceptor throws is logged with the interceptor's class name and goes no further:
 *       the record goes on as the previous interceptor left it, and the acknowledgement reaches the rest.
 *   <li>{@link #onAcknowledgement} is called once per record that {@link #onSend} saw, also for a record that
 *       failed before it was sent (a serializer error, no room in buffer.memory); it runs before the record's
 *       callback and before its future completes.
 * </ul>
 *
 * <p>{@link #onSend} runs on the thread that calls {@code send()}; {@link #onAcknowledgement} runs on the
 * producer's I/O (sender) thread, where a slow interceptor delays every other record's delivery: keep it
 * fast, and hand anything slow to another thread. Interceptors are called from several threads at once and
 * must be thread-safe.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public interface ProducerInterceptor<K, V> extends AutoCloseable {

    /**
     * Called by {@code send()} before the record is serialized and partitioned.
     *
     * @return the record to send: this one, or another (another topic, partition, key, value or headers)
     */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record);

    /**
     * Called when a record is acknowledged or has failed for good, before its callback.
     *
     * @param metadata  where the record was written; when it failed, only topic and partition (-1 when not
     *                  chosen yet) are meaningful and the offset is -1
     * @param exception why it failed, or null when acknowledged
     */
    void onAcknowledgement(RecordMetadata metadata, Exception exception);

    /**
     * Called when a record is acknowledged or has failed for good, before its callback, with the headers it was
     * sent with (as the last {@link #onSend} left them; read-only), as kafka-clients 4's overload (KIP-512) is: a
     * tracing interceptor finds its span's context there. The producer calls this one; by default it calls
     * {@link #onAcknowledgement(RecordMetadata, Exception)}.
     *
     * @param headers the record's headers (empty when it had none)
     */
    default void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        onAcknowledgement(metadata, exception);
    }

    /** Called when the producer closes. */
    @Override
    void close();

    /** The producer's settings as given, for an interceptor the producer created from its class. */
    void configure(Map<String, ?> configs);
}
