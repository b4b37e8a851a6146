package io.petrel.interop;

import io.petrel.consumer.SequencedRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Properties;

/**
 * A kafka-clients 4.3.1 KafkaConsumer (group.protocol=classic, or consumer through {@link #consumerProtocol}) in a
 * group, polling on its own thread, reporting
 * its reads to a {@link GroupReadLog} and committing what it has read when partitions are revoked.
 */
public final class KafkaThreadMember extends KafkaConsumerMember {
    private final GroupReadLog log;

    /**
     * @param strategy {@code partition.assignment.strategy} (Kafka class names), or null for Kafka's default
     */
    public KafkaThreadMember(String name, String bootstrap, String topic, String group, String strategy,
                      int sessionTimeoutMs, GroupReadLog log) {
        this(name, topic, config(name, bootstrap, group, strategy, sessionTimeoutMs), log);
    }

    private KafkaThreadMember(String name, String topic, Properties config, GroupReadLog log) {
        super(name, topic, config);
        this.log = log;
        start("kafka-member-" + name);
    }

    /**
     * A member speaking Kafka 4's consumer group protocol (group.protocol=consumer): the broker assigns, with
     * {@code remoteAssignor} ({@code group.remote.assignor}) or the broker's default when null; heartbeat interval
     * and session timeout are the broker's. With an {@code instanceId} ({@code group.instance.id}) it is a static
     * member, which {@link #die()} leaves holding its partitions until its session expires.
     */
    public static KafkaThreadMember consumerProtocol(String name, String bootstrap, String topic, String group,
                                                     String remoteAssignor, String instanceId, GroupReadLog log) {
        Properties config = Interop.consumerConfig(bootstrap, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "30000");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        if (remoteAssignor != null) {
            config.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, remoteAssignor);
        }
        if (instanceId != null) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        return new KafkaThreadMember(name, topic, config, log);
    }

    private static Properties config(String name, String bootstrap, String group, String strategy, int sessionTimeoutMs) {
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
        return config;
    }

    @Override
    void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            log.add(new GroupReadLog.Read(name(), r.partition(), r.offset(),
                    SequencedRecords.mismatch(r.partition(), r.offset(), r.key(), r.value())));
            processed(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
    }

    /**
     * Commits what it has read, then closes without LeaveGroup: the group only notices when its session expires.
     * (A dynamic member of the consumer protocol leaves on close whatever it is told; a static one stays.)
     */
    void die() {
        stop(Departure.STAY);
    }
}
