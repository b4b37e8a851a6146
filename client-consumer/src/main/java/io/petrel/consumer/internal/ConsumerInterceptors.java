package io.petrel.consumer.internal;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.config.ConfiguredInstance;
import io.petrel.consumer.ConsumerInterceptor;
import io.petrel.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The consumer's {@code interceptor.classes}, in order. An interceptor that throws is logged with its class
 * name and skipped, as kafka-clients does: auditing or tracing code must not break poll() or a commit.
 */
final class ConsumerInterceptors<K, V> {
    private static final Logger log = LoggerFactory.getLogger(ConsumerInterceptors.class);

    private final List<ConsumerInterceptor<K, V>> interceptors;

    ConsumerInterceptors(List<ConsumerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /** The interceptors the settings name; those created from a class are configured with the settings. */
    @SuppressWarnings("unchecked")
    static <K, V> ConsumerInterceptors<K, V> from(ConsumerSettings settings) {
        List<ConsumerInterceptor<K, V>> list = ConfiguredInstance.listOf(
                        settings.values().get(ConsumerSettings.INTERCEPTOR_CLASSES), "interceptor.classes",
                        ConsumerInterceptor.class, i -> i.configure(settings.values().originals())).stream()
                .map(i -> (ConsumerInterceptor<K, V>) i).toList();
        return new ConsumerInterceptors<>(list);
    }

    ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
        ConsumerRecords<K, V> current = records;
        for (ConsumerInterceptor<K, V> interceptor : interceptors) {
            try {
                ConsumerRecords<K, V> next = interceptor.onConsume(current);
                if (next == null) {
                    log.warn("Interceptor {} returned null from onConsume: returning the records it was given",
                            interceptor.getClass().getName());
                } else {
                    current = next;
                }
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw in onConsume for {} records; they go on without it",
                        interceptor.getClass().getName(), current.count(), e);
            }
        }
        return current;
    }

    void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (ConsumerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.onCommit(offsets);
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw in onCommit for offsets {}", interceptor.getClass().getName(), offsets, e);
            }
        }
    }

    void close() {
        for (ConsumerInterceptor<K, V> interceptor : interceptors) {
            try {
                interceptor.close();
            } catch (RuntimeException e) {
                log.warn("Interceptor {} threw on close", interceptor.getClass().getName(), e);
            }
        }
    }
}
