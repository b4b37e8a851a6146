package io.petrel.interop;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.GroupListing;
import io.petrel.admin.GroupType;
import io.petrel.admin.MemberDescription;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.KafkaTopics;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel's Admin describes and lists groups of both kinds as kafka-clients 4.3.1's Admin does, with the same
 * assertions on broker-stub and on a real Apache Kafka 4.3.1: a group of kafka-clients consumers speaking the
 * consumer group protocol (group.protocol=consumer, described through ConsumerGroupDescribe: epochs, target
 * assignments) and a classic group (ConsumerGroupDescribe says it is not a consumer group, DescribeGroups
 * describes it, no epochs). Each description is compared field by field with kafka-clients' Admin's of the same
 * settled group.
 *
 * <p>Both brokers run with 500 ms consumer-group heartbeats ({@link FastConsumerGroups}): a consumer-protocol member
 * learns of a new assignment at its next heartbeat, and with the brokers' default 5 s interval settling the group
 * took 6 s on broker-stub and 11 s on Kafka. Nothing here depends on the interval.
 */
@ExtendWith(TunedRealKafka.class)
class PetrelAdminDescribesGroupsTest {
    private static final int PARTITIONS = 4;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker-stub", "kafka"})
    void aConsumerProtocolGroupIsDescribedWithEpochsAndAssignmentsAsKafkaClientsAdminDoes(String broker) throws Exception {
        String bootstrap = bootstrap(broker);
        String topic = topic(bootstrap, "describe-kip848");
        String group = "group-" + topic;
        GroupReadLog log = new GroupReadLog();
        List<GroupMember> members = List.of(
                open(KafkaThreadMember.consumerProtocol("dynamic", bootstrap, topic, group, null, null, log)),
                open(KafkaThreadMember.consumerProtocol("static", bootstrap, topic, group, null, "static-instance", log)));
        GroupSplits.awaitSplit(members, PARTITIONS, WAIT, "two consumer-protocol members");

        try (io.petrel.admin.Admin petrel = petrelAdmin(bootstrap); Admin kafka = Interop.admin(bootstrap)) {
            ConsumerGroupDescription settled = awaitSettled(petrel, group);
            org.apache.kafka.clients.admin.ConsumerGroupDescription reference = Interop.get(
                    kafka.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            ConsumerGroupDescription d = describe(petrel, group);
            assertEquals(settled, d, "the group stays settled while both Admins describe it");

            assertEquals(GroupType.CONSUMER, d.type());
            assertEquals("Stable", d.state());
            assertEquals("consumer", d.protocolType());
            assertEquals("uniform", d.partitionAssignor());
            assertTrue(d.groupEpoch().isPresent() && d.groupEpoch().getAsInt() > 0, "group epoch " + d.groupEpoch());
            assertEquals(d.groupEpoch(), d.targetAssignmentEpoch(), "a settled group's target is of its latest epoch");
            assertEquals(Set.of("dynamic", "static"), d.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet()));
            Set<Integer> assigned = new TreeSet<>();
            for (MemberDescription m : d.members()) {
                assertEquals("static".equals(m.clientId()) ? "static-instance" : null, m.groupInstanceId());
                assertTrue(m.host().contains("127.0.0.1"), "the member's host: " + m.host());
                assertEquals(m.assignment(), m.targetAssignment());
                assertEquals(d.groupEpoch(), m.memberEpoch());
                assertEquals(Optional.of(true), m.upgraded(), "a consumer-protocol member");
                m.assignment().forEach(tp -> assertTrue(assigned.add(tp.partition()), "assigned twice: " + tp));
                assertEquals(owned(members, m.clientId()), m.assignment().stream().map(io.petrel.client.TopicPartition::partition)
                        .collect(Collectors.toCollection(TreeSet::new)), "what the member says it owns");
            }
            assertEquals(PARTITIONS, assigned.size());
            assertEquals(asKafkaDescribes(reference), asPetrelDescribes(d));

            GroupListing listed = petrel.listGroups().get().stream().filter(g -> g.groupId().equals(group)).findFirst().orElseThrow();
            assertEquals(new GroupListing(group, "consumer", "Stable", GroupType.CONSUMER), listed);
            assertTrue(petrel.listConsumerGroups().get().contains(listed));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"broker-stub", "kafka"})
    void aClassicGroupIsStillDescribedByDescribeGroupsWithoutEpochs(String broker) throws Exception {
        String bootstrap = bootstrap(broker);
        String topic = topic(bootstrap, "describe-classic");
        String group = "group-" + topic;
        GroupReadLog log = new GroupReadLog();
        List<GroupMember> members = List.of(
                open(new KafkaThreadMember("first", bootstrap, topic, group, null, 10_000, log)),
                open(new KafkaThreadMember("second", bootstrap, topic, group, null, 10_000, log)));
        GroupSplits.awaitSplit(members, PARTITIONS, WAIT, "two classic members");

        try (io.petrel.admin.Admin petrel = petrelAdmin(bootstrap); Admin kafka = Interop.admin(bootstrap)) {
            ConsumerGroupDescription settled = awaitSettled(petrel, group);
            org.apache.kafka.clients.admin.ConsumerGroupDescription reference = Interop.get(
                    kafka.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            ConsumerGroupDescription d = describe(petrel, group);
            assertEquals(settled, d);

            assertEquals(GroupType.CLASSIC, d.type());
            assertEquals("Stable", d.state());
            assertEquals("consumer", d.protocolType());
            assertEquals("range", d.partitionAssignor(), "kafka-clients' first default strategy");
            assertEquals(OptionalInt.empty(), d.groupEpoch());
            assertEquals(OptionalInt.empty(), d.targetAssignmentEpoch());
            for (MemberDescription m : d.members()) {
                assertEquals(OptionalInt.empty(), m.memberEpoch());
                assertEquals(List.of(), m.targetAssignment());
                assertEquals(Optional.empty(), m.upgraded());
                assertEquals(owned(members, m.clientId()), m.assignment().stream().map(io.petrel.client.TopicPartition::partition)
                        .collect(Collectors.toCollection(TreeSet::new)));
            }
            assertEquals(asKafkaDescribes(reference), asPetrelDescribes(d));

            GroupListing listed = petrel.listGroups().get().stream().filter(g -> g.groupId().equals(group)).findFirst().orElseThrow();
            assertEquals(new GroupListing(group, "consumer", "Stable", GroupType.CLASSIC), listed);
        }
    }

    /** A group described in words both Admins' answers can be put in: fields, then members by client id. */
    private static String asPetrelDescribes(ConsumerGroupDescription d) {
        Map<String, String> members = new TreeMap<>();
        for (MemberDescription m : d.members()) {
            members.put(m.clientId(), String.join(" ", m.memberId(), String.valueOf(m.groupInstanceId()), m.host(),
                    partitions(m.assignment().stream().map(tp -> tp.topic() + "-" + tp.partition()).toList()),
                    m.memberEpoch().isPresent() ? Integer.toString(m.memberEpoch().getAsInt()) : "-",
                    "", partitions(m.targetAssignment().stream().map(tp -> tp.topic() + "-" + tp.partition()).toList()),
                    m.upgraded().map(String::valueOf).orElse("-")));
        }
        return String.join(" ", d.groupId(), d.type().name(), d.state(), d.partitionAssignor(), epoch(d.groupEpoch()),
                epoch(d.targetAssignmentEpoch()), d.coordinator().host() + ":" + d.coordinator().port()) + " " + members;
    }

    private static String asKafkaDescribes(org.apache.kafka.clients.admin.ConsumerGroupDescription d) {
        Map<String, String> members = new TreeMap<>();
        for (org.apache.kafka.clients.admin.MemberDescription m : d.members()) {
            members.put(m.clientId(), String.join(" ", m.consumerId(), m.groupInstanceId().orElse("null"), m.host(),
                    partitions(m.assignment().topicPartitions().stream().map(Object::toString).toList()),
                    m.memberEpoch().map(String::valueOf).orElse("-"), "",
                    partitions(m.targetAssignment().map(a -> a.topicPartitions().stream().map(Object::toString).toList())
                            .orElse(List.of())),
                    m.upgraded().map(String::valueOf).orElse("-")));
        }
        return String.join(" ", d.groupId(), d.type().name(), d.groupState().toString(), d.partitionAssignor(),
                d.groupEpoch().map(String::valueOf).orElse("-"), d.targetAssignmentEpoch().map(String::valueOf).orElse("-"),
                d.coordinator().host() + ":" + d.coordinator().port()) + " " + members;
    }

    private static String partitions(List<String> partitions) {
        return new TreeSet<>(partitions).toString();
    }

    private static String epoch(OptionalInt epoch) {
        return epoch.isPresent() ? Integer.toString(epoch.getAsInt()) : "-";
    }

    private static Set<Integer> owned(List<GroupMember> members, String name) {
        return new TreeSet<>(members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().owned());
    }

    /** Described Stable with every member at its target assignment: no rebalance in flight. */
    private static ConsumerGroupDescription awaitSettled(io.petrel.admin.Admin admin, String group) {
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        Await.until(WAIT, () -> "group " + group + " to be described settled, is " + last[0], () -> {
            last[0] = describe(admin, group);
            return "Stable".equals(last[0].state()) && last[0].members().size() == 2
                    && last[0].members().stream().allMatch(m -> m.targetAssignment().isEmpty()
                    || m.assignment().equals(m.targetAssignment()));
        });
        return last[0];
    }

    private static ConsumerGroupDescription describe(io.petrel.admin.Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).values().get(group).get();
        } catch (Exception e) {
            throw new AssertionError("describing " + group + " failed", e);
        }
    }

    private static io.petrel.admin.Admin petrelAdmin(String bootstrap) {
        return io.petrel.admin.Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", "30000"));
    }

    private static String topic(String bootstrap, String prefix) {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(topic, PARTITIONS);
        }
        return topic;
    }

    private static String bootstrap(String broker) {
        return broker.equals("kafka") ? realKafka.bootstrapServers() : STUB.broker().bootstrapServers();
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
