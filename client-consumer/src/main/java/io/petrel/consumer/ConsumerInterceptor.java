package io.petrel.consumer;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;

import java.util.Map;

/**
 * Sees the records {@link Consumer#poll} is about to return and the offsets each successful commit wrote: for
 * auditing, tracing, filtering. Named in {@code interceptor.classes} (classes, created through their public
 * no-argument constructor and then {@link #configure}d with the consumer's settings, or instances), with
 * kafka-clients' rules:
 *
 * <ul>
 *   <li>Interceptors run in the order listed; each {@link #onConsume} gets what the previous one returned.
 *   <li>An exception an interceptor throws is logged with the interceptor's class name and goes no further:
 *       the records go on as the previous interceptor left them, and a commit is still reported to the rest.
 *   <li>{@link #onConsume} runs on the thread calling poll(), only when there are records to return;
 *       {@link #onCommit} runs once the coordinator accepted a commit (sync, async or automatic), on the caller's
 *       thread or the consumer's I/O thread: keep it fast and do not call the consumer from it.
 * </ul>
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public interface ConsumerInterceptor<K, V> extends AutoCloseable {

    /**
     * Called by poll() before it returns records.
     *
     * @return the records poll() returns: these, or others (filtered, changed)
     */
    ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records);

    /** Called when offsets were committed, with the offsets written. */
    void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Called when the consumer closes. */
    @Override
    void close();

    /** The consumer's settings as given, for an interceptor the consumer created from its class. */
    void configure(Map<String, ?> configs);
}
