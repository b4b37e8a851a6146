package io.petrel.interop;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerBuilder;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.consumer.OffsetAndMetadata;
import io.petrel.consumer.SequencedRecords;
import io.petrel.serializers.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Petrel consumer in a group, polling on its own thread (a consumer belongs to one thread). It reports each
 * record it reads and each change of the partitions it owns to its {@link Events}, and commits what it has read
 * when partitions are revoked (so also when it closes). Runs in the test JVM or, through
 * {@link PetrelMemberProcess}, in a process of its own.
 */
final class PetrelThreadMember implements GroupMember, ConsumerRebalanceListener {
    /** Where a member's reads and ownership changes go. */
    interface Events {
        void read(GroupReadLog.Read read);

        void owned(Set<Integer> partitions);
    }

    private final String name;
    private final String topic;
    private final Events events;
    private final Consumer<byte[], byte[]> consumer;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>(); // member thread only
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean leaveOnStop = true;
    private volatile Throwable failure;

    /**
     * @param strategy {@code partition.assignment.strategy} as a Kafka user writes it, or null for the default
     */
    PetrelThreadMember(String name, String bootstrap, String topic, String group, String strategy,
                       int sessionTimeoutMs, Events events) {
        this.name = name;
        this.topic = topic;
        this.events = events;
        ConsumerBuilder<byte[], byte[]> builder = Consumer.builder(new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .bootstrapServers(bootstrap).clientId(name).groupId(group).enableAutoCommit(false)
                .autoOffsetReset(io.petrel.consumer.AutoOffsetReset.EARLIEST).maxPollRecords(50)
                .sessionTimeout(Duration.ofMillis(sessionTimeoutMs)).heartbeatInterval(Duration.ofMillis(500))
                .maxPollInterval(Duration.ofSeconds(30));
        if (strategy != null) {
            builder.config(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY, strategy);
        }
        this.consumer = builder.build();
        this.thread = new Thread(this::run, "petrel-member-" + name);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    events.read(new GroupReadLog.Read(name, r.partition(), r.offset(),
                            SequencedRecords.mismatch(r.partition(), r.offset(), r.key(), r.value())));
                    processed.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                }
            }
            if (leaveOnStop) {
                consumer.close(Duration.ofSeconds(10));
            } else if (!processed.isEmpty()) {
                consumer.commitSync(processed);
            }
        } catch (Throwable t) {
            failure = t;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                t.addSuppressed(e);
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata next = processed.remove(tp);
            if (next != null) {
                toCommit.put(tp, next);
            }
        }
        if (!toCommit.isEmpty()) {
            consumer.commitSync(toCommit);
        }
        partitions.forEach(tp -> owned.remove(tp.partition()));
        events.owned(owned());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.add(tp.partition()));
        events.owned(owned());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(processed::remove);
        partitions.forEach(tp -> owned.remove(tp.partition()));
        events.owned(owned());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "petrel";
    }

    @Override
    public Set<Integer> owned() {
        return new TreeSet<>(owned);
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void leave() {
        leaveOnStop = true;
        stop();
    }

    /**
     * Commits what it has read and stops polling, without closing: the consumer stays open and, as far as the
     * group knows, a member. Used in a child process that is killed right after.
     */
    void stopWithoutLeaving() {
        leaveOnStop = false;
        stop();
    }

    private void stop() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            fail("member " + name + " did not stop within 30 s");
        }
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            leave();
        }
    }
}
