package io.petrel.interop;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerBuilder;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.consumer.SequencedRecords;
import io.petrel.serializers.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Petrel consumer in a group, polling on its own thread (a consumer belongs to one thread). It reports each
 * record it reads and each change of the partitions it owns to its {@link Events}, and commits what it has read
 * when partitions are revoked (so also when it closes). Runs in the test JVM or, through
 * {@link PetrelMemberProcess}, in a process of its own.
 */
public final class PetrelThreadMember extends ConsumerThreadMember<TopicPartition> implements ConsumerRebalanceListener {
    /** Where a member's reads and ownership changes go. */
    public interface Events {
        void read(GroupReadLog.Read read);

        void owned(Set<Integer> partitions);

        /** Reads go to {@code log}; ownership is asked of the member itself. */
        static Events into(GroupReadLog log) {
            return new Events() {
                @Override
                public void read(GroupReadLog.Read read) {
                    log.add(read);
                }

                @Override
                public void owned(Set<Integer> partitions) {
                    // Tests ask the member itself.
                }
            };
        }
    }

    private final String topic;
    private final Events events;
    private final Consumer<byte[], byte[]> consumer;

    /**
     * @param strategy {@code partition.assignment.strategy} as a Kafka user writes it, or null for the default
     */
    public PetrelThreadMember(String name, String bootstrap, String topic, String group, String strategy,
                       int sessionTimeoutMs, Events events) {
        this(name, topic, events, builder(name, bootstrap, group)
                .sessionTimeout(Duration.ofMillis(sessionTimeoutMs)).heartbeatInterval(Duration.ofMillis(500)), strategy,
                true);
    }

    /**
     * A member speaking the consumer group protocol (group.protocol=consumer): the broker decides the session
     * timeout, heartbeat interval and assignor.
     *
     * @param commitOnRevoke false breaks the member on purpose: revoked partitions are not committed
     */
    public static PetrelThreadMember consumerProtocol(String name, String bootstrap, String topic, String group,
                                                      boolean commitOnRevoke, Events events) {
        return new PetrelThreadMember(name, topic, events, builder(name, bootstrap, group)
                .groupProtocol("consumer"), null, commitOnRevoke);
    }

    private PetrelThreadMember(String name, String topic, Events events, ConsumerBuilder<byte[], byte[]> builder,
                               String strategy, boolean commitOnRevoke) {
        super(name);
        this.topic = topic;
        this.events = events;
        if (strategy != null) {
            builder.config(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY, strategy);
        }
        this.consumer = builder.build();
        if (!commitOnRevoke) {
            skipCommitOnRevoke();
        }
        start("petrel-member-" + name);
    }

    private static ConsumerBuilder<byte[], byte[]> builder(String name, String bootstrap, String group) {
        return Consumer.builder(new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .bootstrapServers(bootstrap).clientId(name).groupId(group).enableAutoCommit(false)
                .autoOffsetReset(io.petrel.consumer.AutoOffsetReset.EARLIEST).maxPollRecords(50)
                .maxPollInterval(Duration.ofSeconds(30));
    }

    @Override
    void subscribe() {
        consumer.subscribe(List.of(topic), this);
    }

    @Override
    void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            events.read(new GroupReadLog.Read(name(), r.partition(), r.offset(),
                    SequencedRecords.mismatch(r.partition(), r.offset(), r.key(), r.value())));
            processed(r.topicPartition(), r.offset());
        }
    }

    @Override
    void commit(Map<TopicPartition, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, next) -> offsets.put(tp, OffsetAndMetadata.of(next)));
        consumer.commitSync(offsets);
    }

    /** Staying leaves the consumer open: only the process's death ends it, as a crash would. */
    @Override
    void depart(Departure how) {
        if (how != Departure.STAY) {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    int partitionNumber(TopicPartition partition) {
        return partition.partition();
    }

    @Override
    void ownedChanged() {
        events.owned(owned());
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
    public String kind() {
        return "petrel";
    }

    /**
     * Commits what it has read and stops polling, without closing: the consumer stays open and, as far as the
     * group knows, a member. Used in a child process that is killed right after.
     */
    void stopWithoutLeaving() {
        stop(Departure.STAY);
    }
}
