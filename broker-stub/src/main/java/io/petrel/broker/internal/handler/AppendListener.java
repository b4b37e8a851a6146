package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.TopicPartition;

/** Told after records are appended to a partition, so waiting readers can look again. */
@FunctionalInterface
public interface AppendListener {

    /** Records were appended to {@code partition}. Called on the appending thread; must not block. */
    void onAppend(TopicPartition partition);
}
