package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two KafkaConsumers in one group share a topic while a producer keeps writing to it; members join,
 * leave and die, and the group moves partitions between them without losing a record or handing one
 * out twice.
 */
class ConsumerGroupRebalanceTest {
    private static final int PARTITIONS = 6;

    @RegisterExtension
    static final PetrelBrokerExtension kafka =
            PetrelBrokerExtension.configured(b -> b.groupMinSessionTimeout(Duration.ofSeconds(1)));

    private static Admin admin;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void connect() {
        admin = Interop.admin(kafka.broker().bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        admin.close(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void membersSplitThePartitionsAndALeavingMemberHandsThemOver(String assignor) {
        String topic = "rebalance-" + assignor;
        String group = "group-" + topic;
        int sessionTimeoutMs = 10_000;
        Interop.createTopic(admin, topic, PARTITIONS);
        TestRecords records = new TestRecords(topic, assignor, System.currentTimeMillis());
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        Writer writer = start(new Writer(records));

        Member first = start(new Member("first", topic, group, assignor, sessionTimeoutMs, false, reads));
        awaitAssignment(first, PARTITIONS);
        Await.until(Duration.ofSeconds(30), "the first member to read records", () -> first.readCount() > 0);

        Member second = start(new Member("second", topic, group, assignor, sessionTimeoutMs, false, reads));
        awaitSplit(first, second);
        int secondHadRead = second.readCount();
        Await.until(Duration.ofSeconds(30), "the second member to read records of its own partitions",
                () -> second.readCount() > secondHadRead);

        // close() sends LeaveGroup: the group rebalances at once, not after the session timeout.
        long leftAt = System.nanoTime();
        second.close();
        awaitAssignment(first, PARTITIONS);
        long handOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leftAt);
        assertTrue(handOverMs < sessionTimeoutMs, () -> "the remaining member got every partition " + handOverMs
                + " ms after the other left: that is the session timeout, not LeaveGroup");

        int firstHadRead = first.readCount();
        Await.until(Duration.ofSeconds(30), "the remaining member to read on", () -> first.readCount() > firstHadRead);
        int written = writer.stop();
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
        assertEquals(written, Interop.sum(ends), "records in the topic");
        Await.until(Duration.ofSeconds(30), () -> "the group to read all " + written + " records, has "
                + reads.size(), () -> reads.size() >= written);
        first.close();
        assertReadExactlyOnce(records, reads, ends);
        assertNull(first.failure(), () -> "first member failed: " + first.failure());
        assertNull(second.failure(), () -> "second member failed: " + second.failure());

        // Each member committed what it had read when its partitions were revoked: the group is at the end.
        Map<TopicPartition, OffsetAndMetadata> committed =
                Interop.get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        for (TopicPartition tp : ends.keySet()) {
            assertEquals(ends.get(tp), committed.get(tp) == null ? null : committed.get(tp).offset(),
                    () -> "committed offset of " + tp);
        }
    }

    @Test
    void theSessionTimeoutRemovesAMemberThatDiedWithoutLeaving() {
        String topic = "rebalance-dead-member";
        String group = "group-" + topic;
        int sessionTimeoutMs = 3_000;
        Interop.createTopic(admin, topic, PARTITIONS);
        TestRecords records = new TestRecords(topic, "dead", System.currentTimeMillis());
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        Writer writer = start(new Writer(records));

        Member survivor = start(new Member("survivor", topic, group, "range", sessionTimeoutMs, true, reads));
        awaitAssignment(survivor, PARTITIONS);
        Member doomed = start(new Member("doomed", topic, group, "range", sessionTimeoutMs, true, reads));
        awaitSplit(survivor, doomed);
        int doomedHadRead = doomed.readCount();
        Await.until(Duration.ofSeconds(30), "the doomed member to read records",
                () -> doomed.readCount() > doomedHadRead);

        // Gone without a LeaveGroup: the broker still counts it until its session expires.
        long diedAt = System.nanoTime();
        doomed.closeWithoutLeaving();
        ConsumerGroupDescription justAfter = describe(group);
        assertEquals(2, justAfter.members().size(), () -> "members right after one died silently: "
                + justAfter.members());

        awaitAssignment(survivor, PARTITIONS);
        long takeOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt);
        // The last heartbeat may precede the death by a heartbeat interval.
        assertTrue(takeOverMs >= sessionTimeoutMs - 1_000, () -> "partitions moved " + takeOverMs
                + " ms after the member died, before its " + sessionTimeoutMs + " ms session could expire");
        assertEquals(1, describe(group).members().size(), "members once the session expired");

        int written = writer.stop();
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
        assertEquals(written, Interop.sum(ends), "records in the topic");
        Await.until(Duration.ofSeconds(30), () -> "the group to read all " + written + " records, has "
                + reads.size(), () -> reads.size() >= written);
        survivor.close();
        // The dead member committed after every poll, so the survivor resumed exactly where it stopped.
        assertReadExactlyOnce(records, reads, ends);
        assertNull(survivor.failure(), () -> "survivor failed: " + survivor.failure());
        assertNull(doomed.failure(), () -> "doomed member failed: " + doomed.failure());
    }

    @Test
    void aStaticMemberThatComesBackWithinItsSessionGetsItsPartitionsWithoutARebalance() {
        String topic = "rebalance-static";
        String group = "group-" + topic;
        int sessionTimeoutMs = 10_000;
        Interop.createTopic(admin, topic, PARTITIONS);
        TestRecords records = new TestRecords(topic, "static", System.currentTimeMillis());
        ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        Writer writer = start(new Writer(records));

        Member stays = start(new Member("stays", "instance-stays", topic, group, "range", sessionTimeoutMs, true, reads));
        awaitAssignment(stays, PARTITIONS);
        Member bounces = start(new Member("bounces", "instance-bounces", topic, group, "range", sessionTimeoutMs, true,
                reads));
        awaitSplit(stays, bounces);
        Await.until(Duration.ofSeconds(30), "both members to have polled in the new generation",
                () -> stays.generation > 0 && stays.generation == bounces.generation);
        int generation = stays.generation;
        int staysRebalances = stays.rebalances.get();
        Set<Integer> bouncedPartitions = bounces.owned();

        // A static member's close does not leave the group: the broker keeps its place for the session timeout.
        long closedAt = System.nanoTime();
        bounces.closeByDefault();
        assertEquals(2, describe(group).members().size(), "members after a static member closed");

        Member back = start(new Member("back", "instance-bounces", topic, group, "range", sessionTimeoutMs, true, reads));
        Await.until(Duration.ofSeconds(30), () -> "the returning static member to get " + bouncedPartitions
                + ", has " + back.owned(), () -> back.owned().equals(bouncedPartitions));
        long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        assertTrue(backMs < sessionTimeoutMs, () -> "back after " + backMs + " ms: that is the session timeout");
        Await.until(Duration.ofSeconds(30), "the returning member to poll", () -> back.generation > 0);
        assertEquals(generation, back.generation, "the returning static member's generation");
        assertEquals(generation, stays.generation, "the group's generation: no rebalance");
        assertEquals(staysRebalances, stays.rebalances.get(), "the other member was not rebalanced");

        int written = writer.stop();
        Map<TopicPartition, Long> ends = Interop.endOffsets(admin, Interop.partitions(topic, PARTITIONS));
        Await.until(Duration.ofSeconds(30), () -> "the group to read all " + written + " records, has "
                + reads.size(), () -> reads.size() >= written);
        assertReadExactlyOnce(records, reads, ends);
        assertNull(stays.failure(), () -> "stays failed: " + stays.failure());
        assertNull(back.failure(), () -> "back failed: " + back.failure());
    }

    private <T extends AutoCloseable> T start(T closeable) {
        open.add(0, closeable);
        return closeable;
    }

    private static ConsumerGroupDescription describe(String group) {
        return Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
    }

    private static void awaitAssignment(Member member, int size) {
        Await.until(Duration.ofSeconds(30), () -> member.name() + " to own " + size + " partitions, owns "
                + member.owned(), () -> member.owned().size() == size && member.failure() == null);
    }

    private static void awaitSplit(Member a, Member b) {
        Await.until(Duration.ofSeconds(30), () -> "a 3+3 split, have " + a.name() + " " + a.owned() + " and "
                + b.name() + " " + b.owned(), () -> {
            Set<Integer> ofA = a.owned();
            Set<Integer> ofB = b.owned();
            Set<Integer> union = new HashSet<>(ofA);
            union.addAll(ofB);
            return ofA.size() == PARTITIONS / 2 && ofB.size() == PARTITIONS / 2 && union.size() == PARTITIONS;
        });
    }

    /** Every offset of every partition read once, by whichever member, and byte-equal to what was sent. */
    private static void assertReadExactlyOnce(TestRecords records, Collection<Read> reads, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Map<Long, List<String>>> byOffset = new HashMap<>();
        for (Read r : reads) {
            records.assertSameAsSent(r.record);
            TopicPartition tp = new TopicPartition(r.record.topic(), r.record.partition());
            byOffset.computeIfAbsent(tp, k -> new HashMap<>())
                    .computeIfAbsent(r.record.offset(), k -> new ArrayList<>()).add(r.member);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            Map<Long, List<String>> readers = byOffset.getOrDefault(e.getKey(), Map.of());
            for (long offset = 0; offset < e.getValue() && problems.size() < 20; offset++) {
                List<String> who = readers.get(offset);
                if (who == null) {
                    problems.add(e.getKey() + "@" + offset + " never read");
                } else if (who.size() > 1) {
                    problems.add(e.getKey() + "@" + offset + " read " + who.size() + " times, by " + who);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail("Records lost or read twice across the rebalances: " + problems);
        }
        assertEquals(Interop.sum(ends), reads.size(), "records read");
    }

    /** One record as a member read it. */
    private record Read(String member, ConsumerRecord<byte[], byte[]> record) {
    }

    /**
     * A KafkaConsumer group member that keeps every record it read, for a byte-for-byte check, and, when
     * {@code commitEveryPoll}, also commits after every poll.
     */
    private static final class Member extends KafkaConsumerMember {
        final AtomicInteger rebalances = new AtomicInteger(); // calls of onPartitionsAssigned
        volatile int generation = -1;

        private final boolean commitEveryPoll;
        private final ConcurrentLinkedQueue<Read> reads;
        private final AtomicInteger readCount = new AtomicInteger();

        Member(String name, String topic, String group, String assignor, int sessionTimeoutMs, boolean commitEveryPoll,
               ConcurrentLinkedQueue<Read> reads) {
            this(name, null, topic, group, assignor, sessionTimeoutMs, commitEveryPoll, reads);
        }

        /** A static member when {@code instanceId} is not null. */
        Member(String name, String instanceId, String topic, String group, String assignor, int sessionTimeoutMs,
               boolean commitEveryPoll, ConcurrentLinkedQueue<Read> reads) {
            super(name, topic, config(name, instanceId, group, assignor, sessionTimeoutMs));
            this.commitEveryPoll = commitEveryPoll;
            this.reads = reads;
            start("member-" + name);
        }

        private static Properties config(String name, String instanceId, String group, String assignor,
                                         int sessionTimeoutMs) {
            Properties config = Interop.consumerConfig(kafka.broker().bootstrapServers(), group);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
            if (instanceId != null) {
                config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
            }
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.equals("range")
                    ? "org.apache.kafka.clients.consumer.RangeAssignor"
                    : "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
            return config;
        }

        int readCount() {
            return readCount.get();
        }

        @Override
        void poll() {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                reads.add(new Read(name(), r));
                readCount.incrementAndGet();
                processed(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            if (commitEveryPoll && !records.isEmpty()) {
                commitProcessed();
            }
            generation = consumer.groupMetadata().generationId();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            super.onPartitionsAssigned(partitions);
            rebalances.incrementAndGet();
        }

        /** Closes as the consumer decides by default: a static member stays in the group, a dynamic one leaves. */
        void closeByDefault() {
            stop(Departure.DEFAULT);
        }

        /** Stops polling and closes without LeaveGroup, as a crashed process would leave the group. */
        void closeWithoutLeaving() {
            stop(Departure.STAY);
        }
    }

    /** Keeps writing records with rising sequence numbers, at a modest pace, until stopped. */
    private static final class Writer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final TestRecords records;
        private final Thread thread;
        private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;
        private volatile int written;

        Writer(TestRecords records) {
            this.records = records;
            Properties config = Interop.producerConfig(kafka.broker().bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            this.producer = new KafkaProducer<>(config);
            this.thread = new Thread(this::run, "writer");
            thread.start();
        }

        private void run() {
            int seq = 0;
            while (running) {
                producer.send(records.record(seq++), (m, e) -> {
                    if (e != null) {
                        failures.add(e);
                    }
                });
                if (seq % 20 == 0) {
                    producer.flush();
                    written = seq;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing, a few thousand per second
                }
            }
            producer.flush();
            written = seq;
        }

        /** Stops writing and returns how many records were written, every one acknowledged. */
        int stop() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertTrue(failures.isEmpty(), () -> failures.size() + " sends failed, the first: " + failures.peek());
            return written;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }
}
