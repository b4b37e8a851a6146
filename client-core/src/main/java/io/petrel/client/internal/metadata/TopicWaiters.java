package io.petrel.client.internal.metadata;

import io.petrel.client.PartitionInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The futures handed out by {@code awaitTopic} for topics not known yet. Not thread-safe: the owner
 * guards it with its lock, and takes the futures out to complete them after releasing the lock.
 */
final class TopicWaiters {
    private final Map<String, List<CompletableFuture<List<PartitionInfo>>>> byTopic = new HashMap<>();

    CompletableFuture<List<PartitionInfo>> add(String topic) {
        CompletableFuture<List<PartitionInfo>> future = new CompletableFuture<>();
        byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(future);
        return future;
    }

    /** Removes and returns the futures waiting for a topic. */
    List<CompletableFuture<List<PartitionInfo>>> take(String topic) {
        List<CompletableFuture<List<PartitionInfo>>> waiting = byTopic.remove(topic);
        return waiting == null ? List.of() : waiting;
    }

    /** Removes and returns every future, by topic. */
    Map<String, List<CompletableFuture<List<PartitionInfo>>>> takeAll() {
        Map<String, List<CompletableFuture<List<PartitionInfo>>>> all = new HashMap<>(byTopic);
        byTopic.clear();
        return all;
    }

    /** Completions for every waiting topic the snapshot now knows; the futures are removed. */
    List<Runnable> takeReady(MetadataSnapshot snapshot) {
        List<Runnable> completions = new ArrayList<>();
        for (String topic : List.copyOf(byTopic.keySet())) {
            Optional<List<PartitionInfo>> partitions = snapshot.readyPartitions(topic);
            if (partitions.isPresent()) {
                List<PartitionInfo> value = partitions.get();
                take(topic).forEach(f -> completions.add(() -> f.complete(value)));
            }
        }
        return completions;
    }

    /** Drops futures their callers already completed (timed out or cancelled). */
    void pruneDone() {
        byTopic.values().forEach(list -> list.removeIf(CompletableFuture::isDone));
        byTopic.values().removeIf(List::isEmpty);
    }
}
