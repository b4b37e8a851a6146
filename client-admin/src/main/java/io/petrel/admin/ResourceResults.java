package io.petrel.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The result of an Admin call on several resources (topics, partitions, groups, configs), as Kafka's Admin returns
 * it: one future per resource in {@link #values()}, each failing on its own with an exception naming the resource,
 * and {@link #all()} completing once every one has, or failing with the first failure.
 *
 * @param <K> what a resource is named by (a topic name, a TopicPartition, a ConfigResource)
 * @param <V> what each resource's future completes with ({@code Void} where there is nothing to tell)
 */
public final class ResourceResults<K, V> {
    private final Map<K, CompletableFuture<V>> values;

    public ResourceResults(Map<K, CompletableFuture<V>> values) {
        this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** One future per resource, in the order the call named them. */
    public Map<K, CompletableFuture<V>> values() {
        return values;
    }

    /** Every resource's value, once all succeeded; fails with the first failure otherwise. */
    public CompletableFuture<Map<K, V>> all() {
        return CompletableFuture.allOf(values.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<K, V> all = new LinkedHashMap<>();
            values.forEach((k, f) -> all.put(k, f.join()));
            return all;
        });
    }
}
