package io.petrel.admin.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.StructSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The topic-then-partitions shape most partition requests share (ListOffsets, DeleteRecords, OffsetCommit and
 * OffsetDelete): partitions grouped under their topic, topics in name order.
 *
 * @param topicSchema the request's topic struct
 * @param name        its topic name field
 * @param partitions  its partitions field
 */
record PartitionsByTopic(StructSchema topicSchema, Field<String> name, Field<List<Message>> partitions) {

    /** The request's topics, each with the messages {@code partition} builds for its partitions. */
    List<Message> topics(Collection<TopicPartition> all, Function<TopicPartition, Message> partition) {
        Map<String, List<Message>> byTopic = new TreeMap<>();
        all.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(partition.apply(tp)));
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, messages) -> topics.add(Message.of(topicSchema).set(name, topic).set(partitions, messages)));
        return topics;
    }
}
