package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.KafkaTopics;
import io.petrel.consumer.SequencedRecords;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer group protocol (KIP-848) as kafka-clients 4.3.1's KafkaConsumer speaks it ({@code group.protocol=
 * consumer}), with the same assertions on broker-stub and on a real Apache Kafka 4.3.1: members join and split the
 * partitions; one leaves and one static member dies (closes without leaving, epoch -2) while a producer writes, and
 * their partitions move (the dead one's only once its session expired);
 * with commits in onPartitionsRevoked every record is read exactly once and the committed offsets are the ends;
 * Admin.describeConsumerGroups reports the group alike; a regex subscription picks up a topic created later. Both
 * brokers run with a 500 ms heartbeat interval and a 6 s session timeout, so a death is noticed in seconds.
 */
@ExtendWith(TunedRealKafka.class)
class ConsumerProtocolGroupTest {
    private static final int PARTITIONS = 6;
    private static final int SESSION_TIMEOUT_MS = FastConsumerGroups.SESSION_TIMEOUT_MS;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PetrelBrokerExtension STUB = FastConsumerGroups.stub();

    private static RealKafkaBroker realKafka;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void useFastGroupsKafka(RealKafkaBroker broker) {
        realKafka = broker;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    private static String bootstrap(String broker) {
        return broker.equals("kafka") ? realKafka.bootstrapServers() : STUB.broker().bootstrapServers();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker-stub", "kafka"})
    void membersSplitThePartitionsAndReadEveryRecordOnceThroughALeaveAndADeath(String broker) {
        String bootstrap = bootstrap(broker);
        String topic = "kip848-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "group-" + topic;
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(topic, PARTITIONS);
        }
        SequencedRecords records = new SequencedRecords(System.currentTimeMillis());
        GroupReadLog log = new GroupReadLog();
        SequencedWriter writer = open(new SequencedWriter(bootstrap, records, topic, PARTITIONS));
        KafkaThreadMember stays = open(KafkaThreadMember.consumerProtocol("stays", bootstrap, topic, group, null, null,
                log));
        KafkaThreadMember leaves = open(KafkaThreadMember.consumerProtocol("leaves", bootstrap, topic, group, null,
                null, log));
        // Static: closing without leaving keeps its partitions (epoch -2) until its session expires, as a crash would.
        KafkaThreadMember dies = open(KafkaThreadMember.consumerProtocol("dies", bootstrap, topic, group, null,
                "dies-instance", log));
        List<GroupMember> everyone = List.of(stays, leaves, dies);

        awaitSplit(everyone, "three members");
        awaitEachReads(everyone, log);
        try (Admin admin = Interop.admin(bootstrap)) {
            ConsumerGroupDescription d = awaitDescribedStable(admin, group);
            assertEquals(GroupType.CONSUMER, d.type());
            assertEquals("uniform", d.partitionAssignor());
            assertEquals(3, d.members().size(), () -> "members: " + d.members());
            assertEquals(Set.of("stays", "leaves", "dies"),
                    d.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet()));
            Set<Integer> assigned = new TreeSet<>();
            int total = 0;
            for (MemberDescription m : d.members()) {
                assertTrue(m.upgraded().orElse(true), "a consumer-protocol member: " + m);
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    assigned.add(tp.partition());
                    total++;
                }
                assertEquals(m.assignment(), m.targetAssignment().orElseThrow(), "a Stable member is at its target");
                assertEquals(d.groupEpoch().orElseThrow(), m.memberEpoch().orElseThrow());
            }
            assertEquals(PARTITIONS, total);
            assertEquals(PARTITIONS, assigned.size());
            assertEquals(d.groupEpoch(), d.targetAssignmentEpoch());
        }

        leaves.leave();
        List<GroupMember> two = List.of(stays, dies);
        awaitSplit(two, "two members after one left");
        awaitEachReads(two, log);

        long diedAt = System.nanoTime();
        dies.die();
        awaitSplit(List.of(stays), "the last member after one died");
        long takeOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt);
        assertTrue(takeOverMs >= SESSION_TIMEOUT_MS - 1_500, () -> "partitions moved " + takeOverMs
                + " ms after the member died, before its " + SESSION_TIMEOUT_MS + " ms session could expire");

        long[] ends = writer.stop();
        long written = LongStream.of(ends).sum();
        Await.until(WAIT, () -> "the group to read all " + written + " records, has " + log.size(),
                () -> log.size() >= written || stays.failure() != null);
        stays.leave();
        for (GroupMember m : everyone) {
            assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
        }
        log.assertReadExactlyOnce(ends);
        assertTrue(written > 1_000, () -> "only " + written + " records written");
        CommittedOffsets.assertAtLogEnds(bootstrap, group, topic, ends);
        try (Admin admin = Interop.admin(bootstrap)) {
            ConsumerGroupDescription empty = Interop.get(admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group));
            assertEquals(GroupState.EMPTY, empty.groupState());
            assertEquals(GroupType.CONSUMER, empty.type());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker-stub", "kafka"})
    void aRegexSubscriptionPicksUpATopicCreatedLater(String broker) {
        String bootstrap = bootstrap(broker);
        String prefix = "kip848-regex-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(prefix + "-a", 2);
        }
        Properties config = Interop.consumerConfig(bootstrap, "group-" + prefix);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(new SubscriptionPattern(prefix + "-.*"));
            awaitAssignment(consumer, Set.of(new TopicPartition(prefix + "-a", 0), new TopicPartition(prefix + "-a", 1)));
            try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
                topics.create(prefix + "-b", 1);
                topics.create("other-" + prefix, 1);
            }
            awaitAssignment(consumer, Set.of(new TopicPartition(prefix + "-a", 0), new TopicPartition(prefix + "-a", 1),
                    new TopicPartition(prefix + "-b", 0)));
            try (Admin admin = Interop.admin(bootstrap)) {
                ConsumerGroupDescription d = Interop.get(admin.describeConsumerGroups(List.of("group-" + prefix))
                        .describedGroups().get("group-" + prefix));
                assertEquals(1, d.members().size());
                assertEquals(3, d.members().iterator().next().assignment().topicPartitions().size());
            }
        }
    }

    /**
     * What Admin shows of a live consumer-protocol group through the other group APIs (ListGroups with its type and
     * state, DescribeGroups through describeClassicGroups), asked of both brokers and compared.
     */
    @Test
    void listGroupsAndDescribeGroupsShowAConsumerGroupAsKafkaDoes() {
        Map<String, String> seen = new TreeMap<>();
        for (String broker : List.of("broker-stub", "kafka")) {
            String bootstrap = bootstrap(broker);
            String topic = "kip848-other-apis-" + UUID.randomUUID().toString().substring(0, 8);
            try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
                topics.create(topic, 2);
            }
            Properties config = Interop.consumerConfig(bootstrap, "group-" + topic);
            config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
                 Admin admin = Interop.admin(bootstrap)) {
                consumer.subscribe(List.of(topic));
                awaitAssignment(consumer, Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
                GroupListing listed = Interop.get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())
                        .stream().filter(g -> g.groupId().equals("group-" + topic)).findFirst().orElseThrow();
                String described;
                try {
                    ClassicGroupDescription d = Interop.get(admin.describeClassicGroups(List.of("group-" + topic))
                            .describedGroups().get("group-" + topic));
                    described = d.state() + " " + d.protocol() + " " + d.members().size();
                } catch (RuntimeException e) {
                    described = rootCause(e).getClass().getSimpleName() + ": " + rootCause(e).getMessage()
                            .replace(topic, "TOPIC");
                }
                seen.put(broker, listed.type() + " " + listed.protocol() + " " + listed.groupState() + " | "
                        + described);
            }
        }
        assertEquals(seen.get("kafka"), seen.get("broker-stub"), () -> "what each broker showed: " + seen);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void awaitAssignment(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> expected) {
        Await.until(WAIT, () -> "the assignment to become " + expected + ", is " + consumer.assignment(), () -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().equals(expected);
        });
    }

    private static ConsumerGroupDescription awaitDescribedStable(Admin admin, String group) {
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        Await.until(WAIT, () -> "group " + group + " to be described Stable, is " + last[0], () -> {
            last[0] = Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            return last[0].groupState() == GroupState.STABLE;
        });
        return last[0];
    }

    private static void awaitSplit(List<GroupMember> members, String what) {
        GroupSplits.awaitSplit(members, PARTITIONS, WAIT, what);
    }

    private static void awaitEachReads(List<GroupMember> members, GroupReadLog log) {
        GroupSplits.awaitEachReads(members, log, WAIT);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
