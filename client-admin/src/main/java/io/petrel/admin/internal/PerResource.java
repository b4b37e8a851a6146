package io.petrel.admin.internal;

import io.petrel.admin.ResourceResults;
import io.petrel.client.ClientException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The futures of one several-resource call: one per resource, completed from the response that carries them all.
 * {@link #settle} reads the response (or its failure) into them; a resource the broker's answer left out fails
 * naming it, so no future is ever left hanging.
 */
final class PerResource<K, V> {
    private final Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
    private final Function<K, String> describe;

    PerResource(Collection<K> keys, Function<K, String> describe) {
        keys.forEach(k -> futures.put(k, new CompletableFuture<>()));
        this.describe = describe;
    }

    /**
     * When {@code response} completes, hands it to {@code reader} (which completes or fails futures), then fails
     * every future still open; a failed response, or a reader that throws, fails them all.
     */
    <R> ResourceResults<K, V> settle(CompletableFuture<R> response, BiConsumer<R, PerResource<K, V>> reader) {
        response.whenComplete((r, failure) -> {
            if (failure != null) {
                failAll(AdminRequests.unwrap(failure));
                return;
            }
            try {
                reader.accept(r, this);
            } catch (RuntimeException e) {
                failAll(e);
            }
            futures.forEach((k, f) -> f.completeExceptionally(new ClientException(
                    "The broker's answer said nothing about " + describe.apply(k))));
        });
        return results();
    }

    boolean expects(K key) {
        return futures.containsKey(key);
    }

    void complete(K key, V value) {
        CompletableFuture<V> f = futures.get(key);
        if (f != null) {
            f.complete(value);
        }
    }

    void fail(K key, Throwable error) {
        CompletableFuture<V> f = futures.get(key);
        if (f != null) {
            f.completeExceptionally(error);
        }
    }

    /** Completes {@code key} with {@code value}, or fails it with the exception of a non-NONE error code. */
    void completeOrFail(K key, short errorCode, String brokerMessage, V value) {
        RuntimeException error = AdminErrors.forCode(errorCode, brokerMessage, describe.apply(key));
        if (error == null) {
            complete(key, value);
        } else {
            fail(key, error);
        }
    }

    void failAll(Throwable error) {
        futures.values().forEach(f -> f.completeExceptionally(error));
    }

    ResourceResults<K, V> results() {
        return new ResourceResults<>(futures);
    }
}
