package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.KafkaTopics;
import io.petrel.consumer.SubscriptionPattern;
import io.petrel.serializers.StringDeserializer;
import io.petrel.consumer.SequencedRecords;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel consumers and kafka-clients 4.3.1 KafkaConsumers, all with group.protocol=consumer (KIP-848), in one
 * group on a 6-partition topic while kafka-clients' producer keeps writing: the broker splits the partitions
 * (each owned by exactly one member, both kinds owning some); one member of each kind leaves (epoch -1), then one
 * of each kind dies (the Petrel member's process is SIGKILLed, the static KafkaConsumer closes without leaving), and each
 * time their partitions move to the others. Members commit in onPartitionsRevoked (the dying ones commit before
 * they vanish), so every record written must be read exactly once across all the reconciliations; with the
 * Petrel members' revoke commit skipped, the same check must fail.
 *
 * <p>Runs on a real Apache Kafka 4.3.1 started for this class and on broker-stub, both with a 6 s consumer-group
 * session and 500 ms heartbeats (group.consumer.*), so deaths are noticed quickly. ConsumerProtocolGroupTest runs
 * kafka-clients' members alone on both.
 */
@ExtendWith(TunedRealKafka.class)
class MixedConsumerProtocolGroupTest {
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
    void onRealKafkaEveryRecordIsReadExactlyOnceThroughJoinsLeavesAndDeaths() {
        exactlyOnceThroughJoinsLeavesAndDeaths(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubEveryRecordIsReadExactlyOnceThroughJoinsLeavesAndDeaths() {
        exactlyOnceThroughJoinsLeavesAndDeaths(STUB.broker().bootstrapServers());
    }

    @Test
    void onRealKafkaSkippingTheRevokeCommitReadsRecordsTwiceAndTheCheckSaysSo() {
        String bootstrap = realKafka.bootstrapServers();
        String topic = newTopic(bootstrap, "broken");
        String group = "group-" + topic;
        SequencedRecords records = new SequencedRecords(System.currentTimeMillis());
        GroupReadLog log = new GroupReadLog();
        SequencedWriter writer = open(new SequencedWriter(bootstrap, records, topic, PARTITIONS));
        PetrelThreadMember.Events toLog = PetrelThreadMember.Events.into(log);
        PetrelThreadMember stays = open(PetrelThreadMember.consumerProtocol("petrel-stays", bootstrap, topic, group,
                false, toLog));
        PetrelThreadMember leaves = open(PetrelThreadMember.consumerProtocol("petrel-leaves", bootstrap, topic, group,
                false, toLog));
        KafkaThreadMember kafka = open(KafkaThreadMember.consumerProtocol("kafka", bootstrap, topic, group, null, null,
                log));
        List<GroupMember> three = List.of(stays, leaves, kafka);
        GroupSplits.awaitSplit(three, PARTITIONS, WAIT, "three members");
        GroupSplits.awaitEachReads(three, log, WAIT);
        leaves.leave();
        GroupSplits.awaitSplit(List.of(stays, kafka), PARTITIONS, WAIT, "two members after one left");
        long[] ends = writer.stop();
        long written = LongStream.of(ends).sum();
        Await.until(WAIT, () -> "the group to read each of the " + written + " records, has " + log.size() + " reads",
                () -> log.coversAll(ends));
        AssertionError caught = assertThrows(AssertionError.class, () -> log.assertReadExactlyOnce(ends),
                "records of partitions revoked without a commit are read again by their next owner");
        assertTrue(caught.getMessage().contains("times, by"), caught::getMessage);
    }

    /**
     * A {@link SubscriptionPattern} goes to the broker, which resolves it: the member is assigned topics its
     * metadata never heard of (named through their ids); a java.util.regex Pattern is matched by the client. Both
     * read every record of the matching topics and none of the others.
     */
    @Test
    void onRealKafkaBrokerAndClientSideRegexSubscriptionsReadTheMatchingTopics() {
        String bootstrap = realKafka.bootstrapServers();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> matching = List.of("rx-" + tag + "-a", "rx-" + tag + "-b");
        String other = "other-" + tag;
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            for (String t : List.of(matching.get(0), matching.get(1), other)) {
                topics.create(t, 2);
                topics.send(t, 0, t + "-p0-", 5);
                topics.send(t, 1, t + "-p1-", 5);
            }
        }
        Set<String> expected = new TreeSet<>();
        matching.forEach(t -> IntStream.range(0, 5).forEach(i -> {
            expected.add(t + "-p0-" + i);
            expected.add(t + "-p1-" + i);
        }));
        assertEquals(expected, readValues(bootstrap, c -> c.subscribe(new SubscriptionPattern("rx-" + tag + "-.*")),
                expected.size()), "broker-side RE2J regex");
        assertEquals(expected, readValues(bootstrap, c -> c.subscribe(Pattern.compile("rx-" + tag + "-.*")),
                expected.size()), "client-side java.util.regex");
    }

    private static Set<String> readValues(String bootstrap, java.util.function.Consumer<Consumer<String, String>> subscribe,
                                          int count) {
        Set<String> values = new TreeSet<>();
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(bootstrap).groupId("rx-" + UUID.randomUUID())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).groupProtocol("consumer").build()) {
            subscribe.accept(consumer);
            Await.until(WAIT, () -> "reading " + count + " records, have " + values, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= count;
            });
            // A little more polling: a record of a topic that does not match would show up here.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    private void exactlyOnceThroughJoinsLeavesAndDeaths(String bootstrap) {
        String topic = newTopic(bootstrap, "kip848");
        String group = "group-" + topic;
        SequencedRecords records = new SequencedRecords(System.currentTimeMillis());
        GroupReadLog log = new GroupReadLog();
        SequencedWriter writer = open(new SequencedWriter(bootstrap, records, topic, PARTITIONS));
        PetrelThreadMember.Events toLog = PetrelThreadMember.Events.into(log);

        PetrelThreadMember petrelStays = open(PetrelThreadMember.consumerProtocol("petrel-stays", bootstrap, topic,
                group, true, toLog));
        PetrelThreadMember petrelLeaves = open(PetrelThreadMember.consumerProtocol("petrel-leaves", bootstrap, topic,
                group, true, toLog));
        PetrelMemberProcess petrelDies = open(PetrelMemberProcess.consumerProtocol("petrel-dies", bootstrap, topic,
                group, log));
        KafkaThreadMember kafkaLeaves = open(KafkaThreadMember.consumerProtocol("kafka-leaves", bootstrap, topic,
                group, null, null, log));
        // Static: closing without leaving keeps its partitions (epoch -2) until its session expires, as a crash would.
        KafkaThreadMember kafkaDies = open(KafkaThreadMember.consumerProtocol("kafka-dies", bootstrap, topic, group,
                null, "kafka-dies-instance", log));
        List<GroupMember> everyone = List.of(petrelStays, petrelLeaves, petrelDies, kafkaLeaves, kafkaDies);

        GroupSplits.awaitSplit(everyone, PARTITIONS, WAIT, "five members");
        GroupSplits.awaitEachReads(everyone, log, WAIT);
        try (Admin admin = Interop.admin(bootstrap)) {
            ConsumerGroupDescription described = Interop.get(admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group));
            assertEquals(GroupType.CONSUMER, described.type(), "a consumer-protocol group");
            assertEquals(5, described.members().size(), () -> "members: " + described.members());
        }

        // One of each kind leaves (epoch -1): the others take over at once.
        petrelLeaves.leave();
        kafkaLeaves.leave();
        List<GroupMember> three = List.of(petrelStays, petrelDies, kafkaDies);
        GroupSplits.awaitSplit(three, PARTITIONS, WAIT, "three members after two left");
        GroupSplits.awaitEachReads(three, log, WAIT);

        // One of each kind dies: the Petrel process is SIGKILLed; their partitions move when the session expires.
        petrelDies.die();
        kafkaDies.die();
        GroupSplits.awaitSplit(List.of(petrelStays), PARTITIONS, WAIT, "the last member after two died");

        long[] ends = writer.stop();
        long written = LongStream.of(ends).sum();
        Await.until(WAIT, () -> "the group to read each of the " + written + " records, has " + log.size() + " reads",
                () -> log.coversAll(ends) || petrelStays.failure() != null);
        petrelStays.leave();

        for (GroupMember m : everyone) {
            assertNull(m.failure(), () -> m.name() + " failed: " + m.failure());
        }
        log.assertReadExactlyOnce(ends);
        assertTrue(written > 1_000, () -> "only " + written + " records written");
        CommittedOffsets.assertAtLogEnds(bootstrap, group, topic, ends);
    }

    private static String newTopic(String bootstrap, String prefix) {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(topic, PARTITIONS);
        }
        return topic;
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
