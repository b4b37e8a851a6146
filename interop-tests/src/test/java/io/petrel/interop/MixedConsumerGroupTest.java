package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.KafkaTopics;
import io.petrel.consumer.SequencedRecords;
import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Petrel consumers and kafka-clients 4.3.1 KafkaConsumers (classic protocol) in one group on a 6-partition
 * topic, while kafka-clients' producer keeps writing: they split the partitions (each owned by exactly one
 * member, both kinds owning some); one member of each kind leaves (close, one after the other), then one of each
 * kind dies (a Petrel member's process is killed, a KafkaConsumer closes without LeaveGroup), and each time their
 * partitions move to the others. Members commit in onPartitionsRevoked (the dying ones commit before they
 * vanish), so every record written must be read exactly once across all the rebalances. Runs on broker-stub and
 * on a real Apache Kafka 4.3.1 broker, with the default assignors (range, cooperative-sticky: the group picks range),
 * cooperative-sticky alone, and roundrobin.
 */
@ExtendWith(RealKafkaExtension.class)
class MixedConsumerGroupTest {
    private static final int PARTITIONS = 6;
    /** The smallest session both brokers accept by default (group.min.session.timeout.ms). */
    private static final int SESSION_TIMEOUT_MS = 6_000;
    private static final Duration WAIT = Duration.ofSeconds(45);

    @RegisterExtension
    static final PetrelBrokerExtension STUB = new PetrelBrokerExtension();

    private static RealKafkaBroker realKafka;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void useSharedBroker(RealKafkaBroker broker) {
        realKafka = broker;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    static Stream<Arguments> brokersAndAssignors() {
        return Stream.of("broker-stub", "kafka").flatMap(broker -> Stream.of("default", "cooperative-sticky", "roundrobin")
                .map(assignor -> arguments(broker, assignor)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("brokersAndAssignors")
    void petrelAndKafkaConsumersShareAGroupThroughLeavesAndDeathsWithoutLosingOrRepeatingARecord(String broker,
                                                                                                    String assignor) {
        String bootstrap = broker.equals("kafka") ? realKafka.bootstrapServers() : STUB.broker().bootstrapServers();
        String strategy = switch (assignor) {
            case "default" -> null;
            case "cooperative-sticky" -> "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
            case "roundrobin" -> "org.apache.kafka.clients.consumer.RoundRobinAssignor";
            default -> throw new IllegalArgumentException(assignor);
        };
        String topic = "mixed-" + assignor + "-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "group-" + topic;
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            // Waits until the broker serves every partition before anything is written (KAFKA-15591).
            topics.create(topic, PARTITIONS);
        }
        SequencedRecords records = new SequencedRecords(System.currentTimeMillis());
        GroupReadLog log = new GroupReadLog();
        SequencedWriter writer = open(new SequencedWriter(bootstrap, records, topic, PARTITIONS));
        PetrelThreadMember.Events toLog = new PetrelThreadMember.Events() {
            @Override
            public void read(GroupReadLog.Read read) {
                log.add(read);
            }

            @Override
            public void owned(Set<Integer> partitions) {
                // The test asks the member itself.
            }
        };

        PetrelThreadMember petrelStays = open(new PetrelThreadMember("petrel-stays", bootstrap, topic, group, strategy,
                SESSION_TIMEOUT_MS, toLog));
        PetrelThreadMember petrelLeaves = open(new PetrelThreadMember("petrel-leaves", bootstrap, topic, group,
                strategy, SESSION_TIMEOUT_MS, toLog));
        PetrelMemberProcess petrelDies = open(new PetrelMemberProcess("petrel-dies", bootstrap, topic, group,
                strategy, SESSION_TIMEOUT_MS, log));
        KafkaThreadMember kafkaLeaves = open(new KafkaThreadMember("kafka-leaves", bootstrap, topic, group, strategy,
                SESSION_TIMEOUT_MS, log));
        KafkaThreadMember kafkaDies = open(new KafkaThreadMember("kafka-dies", bootstrap, topic, group, strategy,
                SESSION_TIMEOUT_MS, log));
        List<GroupMember> everyone = List.of(petrelStays, petrelLeaves, petrelDies, kafkaLeaves, kafkaDies);

        awaitSplit(everyone, "five members");
        awaitEachReads(everyone, log);
        try (Admin admin = Interop.admin(bootstrap)) {
            ConsumerGroupDescription described = Interop.get(admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group));
            assertEquals(5, described.members().size(), () -> "members: " + described.members());
            // Every member lists range first by default, so the group settles on range.
            assertEquals(assignor.equals("default") ? "range" : assignor, described.partitionAssignor(),
                    "the assignor the group chose");
        }

        // One of each kind leaves: LeaveGroup, so the others take over at once. One after the other, each from a
        // settled group: the first LeaveGroup starts a rebalance, and a KafkaConsumer closed while one is under way
        // (its heartbeat saw it, its poll rejoined) reports its partitions lost, not revoked, and cannot commit
        // (ConsumerCoordinator.onLeavePrepare, kafka-clients 4.3.1). The next owner then rightly reads again all it
        // read since its last commit: Kafka's at-least-once, which the exactly-once check below would call a bug.
        petrelLeaves.leave();
        awaitSplit(List.of(petrelStays, petrelDies, kafkaLeaves, kafkaDies), "four members after one left");
        awaitStable(bootstrap, group);
        kafkaLeaves.leave();
        List<GroupMember> three = List.of(petrelStays, petrelDies, kafkaDies);
        awaitSplit(three, "three members after two left");
        awaitEachReads(three, log);

        // One of each kind dies: no LeaveGroup, so their partitions move only when their sessions expire.
        long diedAt = System.nanoTime();
        petrelDies.die();
        kafkaDies.die();
        awaitSplit(List.of(petrelStays), "the last member after two died");
        long takeOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt);
        assertTrue(takeOverMs >= SESSION_TIMEOUT_MS - 1_500, () -> "partitions moved " + takeOverMs
                + " ms after the members died, before their " + SESSION_TIMEOUT_MS + " ms sessions could expire");

        long[] ends = writer.stop();
        long written = LongStream.of(ends).sum();
        Await.until(WAIT, () -> "the group to read all " + written + " records, has " + log.size(),
                () -> log.size() >= written || petrelStays.failure() != null);
        petrelStays.leave();

        for (GroupMember m : everyone) {
            assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
        }
        log.assertReadExactlyOnce(ends);
        assertTrue(written > 1_000, () -> "only " + written + " records written");
        CommittedOffsets.assertAtLogEnds(bootstrap, group, topic, ends);
    }

    /**
     * Waits until the members own disjoint, non-empty sets of partitions covering the topic, and checks that
     * Petrel and Kafka members both own some when both kinds are among them.
     */
    private static void awaitSplit(List<GroupMember> members, String what) {
        GroupSplits.awaitSplit(members, PARTITIONS, WAIT, what);
        Set<String> kinds = members.stream().map(GroupMember::kind).collect(Collectors.toSet());
        Set<String> owningKinds = members.stream().filter(m -> !m.owned().isEmpty()).map(GroupMember::kind)
                .collect(Collectors.toSet());
        assertEquals(kinds, owningKinds, () -> "kinds of member owning partitions: " + GroupSplits.owners(members));
    }

    /** Waits until the broker reports the group Stable: no rebalance under way. */
    private static void awaitStable(String bootstrap, String group) {
        try (Admin admin = Interop.admin(bootstrap)) {
            Await.until(WAIT, () -> "group " + group + " to be stable", () -> Interop.get(
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group))
                    .groupState() == GroupState.STABLE);
        }
    }

    private static void awaitEachReads(List<GroupMember> members, GroupReadLog log) {
        GroupSplits.awaitEachReads(members, log, WAIT);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
