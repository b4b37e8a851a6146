package io.petrel.interop;

import io.petrel.consumer.SequencedRecords;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A kafka-clients 4.3.1 KafkaConsumer (group.protocol=classic) in a group, polling on its own thread, reporting
 * its reads to a {@link GroupReadLog} and committing what it has read when partitions are revoked.
 */
final class KafkaThreadMember implements GroupMember, ConsumerRebalanceListener {
    private final String name;
    private final String topic;
    private final GroupReadLog log;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>(); // member thread only
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean leaveOnStop = true;
    private volatile Throwable failure;

    /**
     * @param strategy {@code partition.assignment.strategy} (Kafka class names), or null for Kafka's default
     */
    KafkaThreadMember(String name, String bootstrap, String topic, String group, String strategy,
                      int sessionTimeoutMs, GroupReadLog log) {
        this.name = name;
        this.topic = topic;
        this.log = log;
        Properties config = Interop.consumerConfig(bootstrap, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "30000");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        if (strategy != null) {
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, strategy);
        }
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, "kafka-member-" + name);
        thread.start();
    }

    private void run() {
        CloseOptions close = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        try {
            consumer.subscribe(List.of(topic), this);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    log.add(new GroupReadLog.Read(name, r.partition(), r.offset(),
                            SequencedRecords.mismatch(r.partition(), r.offset(), r.key(), r.value())));
                    processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
            }
            if (!leaveOnStop) {
                // Vanishing: commit what was read (no revocation will), then go without LeaveGroup.
                if (!processed.isEmpty()) {
                    consumer.commitSync(processed);
                }
                close = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                consumer.close(close.withTimeout(Duration.ofSeconds(10)));
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
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
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.add(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(processed::remove);
        partitions.forEach(tp -> owned.remove(tp.partition()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "kafka";
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

    /** Commits what it has read, then closes without LeaveGroup: the group only notices when its session expires. */
    void die() {
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
