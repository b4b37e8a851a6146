package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.KafkaTopics;
import io.petrel.consumer.SequencedRecords;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group upgraded online from the classic to the consumer protocol (KIP-848) member by member, as a rolling upgrade
 * of an application does: four classic members (two kafka-clients 4.3.1 KafkaConsumers, two Petrel consumers, with
 * their default assignors) share a 6-partition topic while kafka-clients' producer writes; then, one at a time, a
 * member with group.protocol=consumer of the same kind joins and the classic member it replaces leaves. The first
 * consumer-protocol member turns the classic group into a consumer group in which the remaining classic members go on
 * (JoinGroup/SyncGroup, the broker assigning); at the end only consumer-protocol members are left. Every member commits
 * in onPartitionsRevoked, so every record written must be read exactly once across all of them and the committed
 * offsets must end at the log ends: no committed offset lost or repeated through the migration.
 *
 * <p>The way back (downgrade) runs the same way from four consumer-protocol members to four classic ones; when the last
 * consumer-protocol member leaves, the group is classic again.
 *
 * <p>One contract, the same assertions, on broker-stub and on a real Apache Kafka 4.3.1 started for this class (both
 * with group.consumer.migration.policy bidirectional, the default, 500 ms consumer heartbeats and 6 s sessions).
 */
@ExtendWith(TunedRealKafka.class)
class OnlineUpgradeGroupTest {
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

    @Test
    void onRealKafkaAGroupUpgradedMemberByMemberReadsEveryRecordExactlyOnce() throws Exception {
        upgradeMemberByMember(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubAGroupUpgradedMemberByMemberReadsEveryRecordExactlyOnce() throws Exception {
        upgradeMemberByMember(STUB.broker().bootstrapServers());
    }

    @Test
    void onRealKafkaAGroupDowngradedMemberByMemberReadsEveryRecordExactlyOnce() throws Exception {
        downgradeMemberByMember(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubAGroupDowngradedMemberByMemberReadsEveryRecordExactlyOnce() throws Exception {
        downgradeMemberByMember(STUB.broker().bootstrapServers());
    }

    /**
     * The way back: four consumer-protocol members replaced one at a time by classic members; when the last
     * consumer-protocol member leaves, the group becomes a classic group again and its members rebalance.
     */
    private void downgradeMemberByMember(String bootstrap) throws Exception {
        Scenario s = new Scenario(bootstrap, "downgrade");
        List<GroupMember> current = new ArrayList<>(List.of(
                s.consumerProtocol("kafka", "kafka-consumer-1"), s.consumerProtocol("petrel", "petrel-consumer-1"),
                s.consumerProtocol("kafka", "kafka-consumer-2"), s.consumerProtocol("petrel", "petrel-consumer-2")));
        s.everyone.addAll(current);
        GroupSplits.awaitSplit(current, PARTITIONS, WAIT, "four consumer-protocol members");
        GroupSplits.awaitEachReads(current, s.log, WAIT);
        assertEquals(GroupType.CONSUMER, describe(bootstrap, s.group).type());

        for (int i = 0; i < 4; i++) {
            GroupMember old = current.get(0);
            String name = old.kind() + "-classic-" + (i / 2 + 1);
            GroupMember classic = s.classic(old.kind(), name);
            s.everyone.add(classic);
            current.add(classic);
            GroupSplits.awaitSplit(current, PARTITIONS, WAIT, name + " joining " + names(current));
            // A member still behind the group epoch when the group turns classic is told ILLEGAL_GENERATION and
            // loses its partitions without committing (on Kafka too): leave once every member caught up.
            awaitEveryMemberAtTheGroupEpoch(bootstrap, s.group);
            old.leave();
            current.remove(old);
            GroupSplits.awaitSplit(current, PARTITIONS, WAIT, old.name() + " replaced by " + name);
            GroupSplits.awaitEachReads(current, s.log, WAIT);
            GroupType expected = i < 3 ? GroupType.CONSUMER : GroupType.CLASSIC;
            assertEquals(expected, describe(bootstrap, s.group).type(), "after " + (i + 1) + " replacements");
        }
        s.finish(current);
    }

    /** One group's topic, writer, read log and members, and the checks at its end. */
    private final class Scenario {
        final String bootstrap;
        final String topic;
        final String group;
        final GroupReadLog log = new GroupReadLog();
        final PetrelThreadMember.Events toLog = PetrelThreadMember.Events.into(log);
        final SequencedWriter writer;
        final List<GroupMember> everyone = new ArrayList<>();

        Scenario(String bootstrap, String prefix) {
            this.bootstrap = bootstrap;
            this.topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            this.group = "group-" + topic;
            try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
                topics.create(topic, PARTITIONS);
            }
            writer = open(new SequencedWriter(bootstrap, new SequencedRecords(System.currentTimeMillis()), topic,
                    PARTITIONS));
        }

        /** A classic member of this kind with its client's default assignors. */
        GroupMember classic(String kind, String name) {
            return kind.equals("kafka")
                    ? open(new KafkaThreadMember(name, bootstrap, topic, group, null, SESSION_TIMEOUT_MS, log))
                    : open(new PetrelThreadMember(name, bootstrap, topic, group, null, SESSION_TIMEOUT_MS, toLog));
        }

        /** A member of this kind with group.protocol=consumer. */
        GroupMember consumerProtocol(String kind, String name) {
            return kind.equals("kafka")
                    ? open(KafkaThreadMember.consumerProtocol(name, bootstrap, topic, group, null, null, log))
                    : open(PetrelThreadMember.consumerProtocol(name, bootstrap, topic, group, true, toLog));
        }

        /**
         * Stops writing, waits for the members left to read everything, makes them leave, and checks: no member
         * failed, every record was read exactly once, the committed offsets are the log ends.
         */
        void finish(List<GroupMember> current) {
            long[] ends = writer.stop();
            long written = LongStream.of(ends).sum();
            Await.until(WAIT, () -> "the group to read each of the " + written + " records, has " + log.size()
                    + " reads", () -> log.coversAll(ends) || current.stream().anyMatch(m -> m.failure() != null));
            for (GroupMember m : current) {
                m.leave();
            }
            for (GroupMember m : everyone) {
                assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
            }
            log.assertReadExactlyOnce(ends);
            assertTrue(written > 1_000, () -> "only " + written + " records written");
            CommittedOffsets.assertAtLogEnds(bootstrap, group, topic, ends);
        }
    }

    private void upgradeMemberByMember(String bootstrap) throws Exception {
        Scenario s = new Scenario(bootstrap, "upgrade");
        List<GroupMember> current = new ArrayList<>(List.of(s.classic("kafka", "kafka-classic-1"),
                s.classic("petrel", "petrel-classic-1"), s.classic("kafka", "kafka-classic-2"),
                s.classic("petrel", "petrel-classic-2")));
        s.everyone.addAll(current);
        GroupSplits.awaitSplit(current, PARTITIONS, WAIT, "four classic members");
        GroupSplits.awaitEachReads(current, s.log, WAIT);
        assertEquals(GroupType.CLASSIC, describe(bootstrap, s.group).type(), "a classic group to begin with");

        for (int i = 0; i < 4; i++) {
            GroupMember old = current.get(0);
            String name = old.kind() + "-consumer-" + (i / 2 + 1);
            GroupMember upgraded = s.consumerProtocol(old.kind(), name);
            s.everyone.add(upgraded);
            current.add(upgraded);
            GroupSplits.awaitSplit(current, PARTITIONS, WAIT, name + " joining " + names(current));
            if (i == 0) {
                ConsumerGroupDescription mixed = describe(bootstrap, s.group);
                assertEquals(GroupType.CONSUMER, mixed.type(), "the first consumer-protocol member upgraded it");
                assertEquals(Map.of(false, 4L, true, 1L), mixed.members().stream().collect(Collectors.groupingBy(
                        m -> m.upgraded().orElseThrow(), Collectors.counting())),
                        () -> "four classic members and one consumer-protocol member: " + mixed.members());
            }
            old.leave();
            current.remove(old);
            GroupSplits.awaitSplit(current, PARTITIONS, WAIT, old.name() + " replaced by " + name);
            GroupSplits.awaitEachReads(current, s.log, WAIT);
        }
        ConsumerGroupDescription upgraded = describe(bootstrap, s.group);
        assertEquals(GroupType.CONSUMER, upgraded.type());
        assertEquals(names(current), upgraded.members().stream().map(MemberDescription::clientId)
                .collect(Collectors.toCollection(TreeSet::new)), "only the consumer-protocol members");
        s.finish(current);
    }

    /** Waits until the consumer group is reconciled: every member at the group epoch. */
    private static void awaitEveryMemberAtTheGroupEpoch(String bootstrap, String group) {
        Await.until(WAIT, () -> "every member of " + group + " at the group epoch: " + describe(bootstrap, group),
                () -> {
                    ConsumerGroupDescription d = describe(bootstrap, group);
                    return d.groupEpoch().isPresent() && d.members().stream()
                            .allMatch(m -> m.memberEpoch().equals(d.groupEpoch()));
                });
    }

    private static Set<String> names(List<GroupMember> members) {
        return members.stream().map(GroupMember::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static ConsumerGroupDescription describe(String bootstrap, String group) {
        try (Admin admin = Interop.admin(bootstrap)) {
            return Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
