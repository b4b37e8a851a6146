package io.petrel.interop;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link ConsumerThreadMember} on a kafka-clients KafkaConsumer: subscribing, committing, closing and the
 * rebalance callbacks. Subclasses poll and decide what to keep of each record.
 */
abstract class KafkaConsumerMember extends ConsumerThreadMember<TopicPartition> implements ConsumerRebalanceListener {
    final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    /** Creates the consumer from {@code config}; the subclass starts the member once it is built. */
    KafkaConsumerMember(String name, String topic, Properties config) {
        super(name);
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config);
    }

    @Override
    final void subscribe() {
        consumer.subscribe(List.of(topic), this);
    }

    @Override
    final void commit(Map<TopicPartition, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        consumer.commitSync(offsets);
    }

    @Override
    final void depart(Departure how) {
        GroupMembershipOperation operation = switch (how) {
            case LEAVE -> GroupMembershipOperation.LEAVE_GROUP;
            case STAY -> GroupMembershipOperation.REMAIN_IN_GROUP;
            case DEFAULT -> GroupMembershipOperation.DEFAULT;
        };
        consumer.close(CloseOptions.groupMembershipOperation(operation).withTimeout(Duration.ofSeconds(10)));
    }

    @Override
    final int partitionNumber(TopicPartition partition) {
        return partition.partition();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        revoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        lost(partitions);
    }

    @Override
    public final String kind() {
        return "kafka";
    }
}
