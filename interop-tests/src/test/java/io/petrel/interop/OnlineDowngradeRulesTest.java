package io.petrel.interop;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.KafkaTopics;
import io.petrel.interop.security.SecuredRealKafka;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When a consumer group with classic members becomes a classic group again (KIP-848 online downgrade), with the
 * rules of Kafka 4.3.1 that {@code OnlineUpgradeGroupTest} does not reach: {@code group.max.size} keeps a
 * group whose classic members would exceed it a consumer group, until enough of them leave; and a classic static
 * member replacing the group's last consumer-protocol static member (same {@code group.instance.id}) turns the group
 * classic at once, taking over that member's partitions, without a rebalance.
 *
 * <p>One contract, the same assertions, on broker-stub and on a real Apache Kafka 4.3.1 started for this class (it
 * needs {@code group.max.size}, which Kafka cannot change while it runs and which the shared brokers must not
 * have): both with {@code group.max.size=2} and 500 ms consumer heartbeats. The members are kafka-clients
 * 4.3.1 KafkaConsumers polled from the test thread.
 */
class OnlineDowngradeRulesTest {
    private static final int PARTITIONS = 6;
    private static final int CLASSIC_MAX_SIZE = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PetrelBrokerExtension STUB = PetrelBrokerExtension.configured(b -> b
            .groupMaxSize(CLASSIC_MAX_SIZE)
            .consumerGroups(ConsumerGroupSettings.defaults()
                    .withHeartbeatInterval(Duration.ofMillis(FastConsumerGroups.HEARTBEAT_INTERVAL_MS))));

    private static RealKafkaBroker realKafka;
    private final List<KafkaConsumer<byte[], byte[]>> open = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        realKafka = RealKafkaBroker.builder().properties(Map.of(
                "group.max.size", Integer.toString(CLASSIC_MAX_SIZE),
                "group.consumer.heartbeat.interval.ms", Integer.toString(FastConsumerGroups.HEARTBEAT_INTERVAL_MS),
                "group.consumer.min.heartbeat.interval.ms",
                Integer.toString(FastConsumerGroups.HEARTBEAT_INTERVAL_MS)))
                .startTimeout(SecuredRealKafka.SHARED_START_TIMEOUT).start();
    }

    @AfterAll
    static void stopKafka() {
        if (realKafka != null) {
            realKafka.close();
        }
    }

    @AfterEach
    void closeConsumers() {
        for (KafkaConsumer<byte[], byte[]> c : open) {
            c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        open.clear();
    }

    @Test
    void onRealKafkaAGroupOverTheClassicMaxSizeIsDowngradedOnlyOnceEnoughClassicMembersLeft() {
        overTheClassicMaxSize(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubAGroupOverTheClassicMaxSizeIsDowngradedOnlyOnceEnoughClassicMembersLeft() {
        overTheClassicMaxSize(STUB.broker().bootstrapServers());
    }

    @Test
    void onRealKafkaAClassicStaticMemberReplacingTheLastConsumerProtocolMemberDowngradesWithoutARebalance() {
        staticReplacement(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubAClassicStaticMemberReplacingTheLastConsumerProtocolMemberDowngradesWithoutARebalance() {
        staticReplacement(STUB.broker().bootstrapServers());
    }

    /**
     * One consumer-protocol member and three classic ones; the consumer-protocol member leaves: three classic members
     * exceed group.max.size 2, so the group stays a consumer group; one classic member leaves: two fit, and the group
     * is classic, its two members rebalancing over every partition.
     */
    private void overTheClassicMaxSize(String bootstrap) {
        String topic = topic(bootstrap, "max-size");
        String group = "group-" + topic;
        KafkaConsumer<byte[], byte[]> modern = consumer(bootstrap, group, "modern", "consumer", null);
        modern.subscribe(List.of(topic));
        pollUntil(List.of(modern), "the consumer-protocol member to hold every partition",
                () -> modern.assignment().size() == PARTITIONS);
        List<KafkaConsumer<byte[], byte[]>> classic = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, group, "classic-" + i, "classic", null);
            c.subscribe(List.of(topic));
            classic.add(c);
        }
        List<KafkaConsumer<byte[], byte[]>> all = new ArrayList<>(classic);
        all.add(modern);
        pollUntil(all, "four members sharing the partitions", () -> split(all));

        close(modern);
        Await.until(WAIT, () -> "the consumer-protocol member gone: " + describe(bootstrap, group),
                () -> describe(bootstrap, group).members().stream().noneMatch(m -> m.clientId().equals("modern")));
        ConsumerGroupDescription afterLeave = describe(bootstrap, group);
        assertEquals(GroupType.CONSUMER, afterLeave.type(), () -> "three classic members exceed "
                + "group.max.size 2: " + afterLeave);
        assertEquals(3, afterLeave.members().size());
        // Not awaited: that the classic members take over the partitions the leaver held. broker-stub has them
        // rejoin for a new assignment at once; Kafka 4.3.1 bumps the group epoch but computes the new target only on
        // a later JoinGroup or consumer-protocol heartbeat, and a classic member's Heartbeat compares its epoch with
        // the target's, so a group of classic members only keeps its partitions as they were.

        close(classic.remove(2));
        pollUntil(classic, "a classic group of the two members left, sharing the partitions",
                () -> split(classic) && describe(bootstrap, group).type() == GroupType.CLASSIC);
        assertEquals(2, describe(bootstrap, group).members().size());
    }

    /**
     * A consumer-protocol static member and a classic member share the partitions; the static member closes (it stays
     * in the group, holding its partitions, until its session ends) and a classic consumer with its instance id
     * joins: the group is classic at once, the newcomer holds what the member it replaced held, and the generation is
     * the consumer group's epoch, so nobody rebalanced.
     */
    private void staticReplacement(String bootstrap) {
        String topic = topic(bootstrap, "replace");
        String group = "group-" + topic;
        KafkaConsumer<byte[], byte[]> modern = consumer(bootstrap, group, "modern", "consumer", "instance-1");
        modern.subscribe(List.of(topic));
        pollUntil(List.of(modern), "the consumer-protocol member to hold every partition",
                () -> modern.assignment().size() == PARTITIONS);
        KafkaConsumer<byte[], byte[]> classic = consumer(bootstrap, group, "classic", "classic", null);
        classic.subscribe(List.of(topic));
        List<KafkaConsumer<byte[], byte[]>> both = List.of(modern, classic);
        pollUntil(both, "both members sharing the partitions, at the group epoch",
                () -> split(both) && reconciled(bootstrap, group, classic));
        Set<TopicPartition> held = new HashSet<>(modern.assignment());
        Set<TopicPartition> classicHeld = new HashSet<>(classic.assignment());
        int epoch = describe(bootstrap, group).groupEpoch().orElseThrow();

        close(modern);
        KafkaConsumer<byte[], byte[]> replacement = consumer(bootstrap, group, "replacement", "classic",
                "instance-1");
        replacement.subscribe(List.of(topic));
        pollUntil(List.of(classic, replacement), "the replacement to get partitions",
                () -> !replacement.assignment().isEmpty());
        ConsumerGroupDescription d = describe(bootstrap, group);
        assertEquals(GroupType.CLASSIC, d.type(), () -> "its last consumer-protocol member replaced: " + d);
        assertEquals(held, replacement.assignment(), "the replacement holds what the member it replaced held");
        assertEquals(epoch, replacement.groupMetadata().generationId(), "the generation is the group epoch");
        assertEquals(epoch, classic.groupMetadata().generationId(), "the other member did not rebalance");
        assertEquals(classicHeld, classic.assignment());
    }

    /** Whether every member holds partitions and together they hold each partition once. */
    private static boolean split(List<KafkaConsumer<byte[], byte[]>> members) {
        Set<TopicPartition> held = new HashSet<>();
        int count = 0;
        for (KafkaConsumer<byte[], byte[]> m : members) {
            if (m.assignment().isEmpty()) {
                return false;
            }
            held.addAll(m.assignment());
            count += m.assignment().size();
        }
        return count == PARTITIONS && held.size() == PARTITIONS;
    }

    /** Whether every member is at the group epoch holding its target, and the classic one synced at it. */
    private static boolean reconciled(String bootstrap, String group, KafkaConsumer<byte[], byte[]> classic) {
        ConsumerGroupDescription d = describe(bootstrap, group);
        return d.groupEpoch().isPresent() && d.members().size() == 2
                && classic.groupMetadata().generationId() == d.groupEpoch().get()
                && d.members().stream().allMatch(m -> m.memberEpoch().equals(d.groupEpoch())
                && m.targetAssignment().map(t -> t.equals(m.assignment())).orElse(false));
    }

    /** Polls each consumer in turn (which moves their rebalances on) until {@code done}. */
    private static void pollUntil(List<KafkaConsumer<byte[], byte[]>> consumers, String what, BooleanSupplier done) {
        Await.until(WAIT, () -> what + "; assignments: " + consumers.stream().map(c -> c.assignment().toString())
                .toList(), () -> {
                    for (KafkaConsumer<byte[], byte[]> c : consumers) {
                        c.poll(Duration.ofMillis(20));
                    }
                    return done.getAsBoolean();
                });
    }

    private KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, String name, String protocol,
                                                   String instanceId) {
        Properties config = Interop.consumerConfig(bootstrap, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (protocol.equals("classic")) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        }
        if (instanceId != null) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config);
        open.add(c);
        return c;
    }

    private void close(KafkaConsumer<byte[], byte[]> c) {
        open.remove(c);
        c.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    }

    private static String topic(String bootstrap, String prefix) {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(topic, PARTITIONS);
        }
        return topic;
    }

    private static ConsumerGroupDescription describe(String bootstrap, String group) {
        try (Admin admin = Interop.admin(bootstrap)) {
            return Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
        }
    }
}
