package io.petrel.benchmarks;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * How long a consumer group stops reading when a member joins: 10 members share a 20-partition topic that a
 * producer keeps writing (about 10,000 records/s); an 11th member starts, and the figure is the time from its
 * start until every member reads again: for each member whose partitions changed (a rebalance callback after the
 * start), its first poll returning records after its last callback; members left alone count as never stopped;
 * the new member must own partitions and the 20 partitions be split. Beside it, the longest any of the ten
 * earlier members went without reading meanwhile: the stop-the-world part (eager stops everyone). Group protocols:
 * classic eager (range), classic cooperative (cooperative-sticky) and the consumer protocol (KIP-848, the broker's
 * uniform assignor); clients: Petrel and kafka-clients 4.3.1; brokers: a real Apache Kafka 4.3.1 and broker-stub.
 * Every setting at its default (classic heartbeats every 3 s, the consumer protocol's every 5 s,
 * group.consumer.heartbeat.interval.ms), so the figures are what an application gets out of the box. Prints the
 * median of the runs in milliseconds.
 *
 * <pre>
 * mvn -q -B -ntp -o -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/benchmarks/target/test-classpath.txt
 * java -Xmx1g -cp benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt) \
 *     io.petrel.benchmarks.RebalanceTimeBenchmark [RUNS] [PROTOCOLS] [CLIENTS] [BROKERS]
 * </pre>
 */
public final class RebalanceTimeBenchmark {
    private static final int MEMBERS = 10;
    private static final int PARTITIONS = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicInteger RUN = new AtomicInteger();

    private RebalanceTimeBenchmark() {
    }

    enum Protocol {
        CLASSIC_EAGER("classic, eager (range)"),
        CLASSIC_COOPERATIVE("classic, cooperative-sticky"),
        CONSUMER("consumer protocol (KIP-848)");

        final String label;

        Protocol(String label) {
            this.label = label;
        }

        Map<String, Object> settings(boolean petrel) {
            return switch (this) {
                case CLASSIC_EAGER -> Map.of("group.protocol", "classic", "partition.assignment.strategy",
                        petrel ? "range" : "org.apache.kafka.clients.consumer.RangeAssignor");
                case CLASSIC_COOPERATIVE -> Map.of("group.protocol", "classic", "partition.assignment.strategy",
                        petrel ? "cooperative-sticky" : "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
                case CONSUMER -> Map.of("group.protocol", "consumer");
            };
        }
    }

    enum Client { PETREL, KAFKA_CLIENTS }

    /** One member: polls on its own thread and notes its rebalance callbacks and when it read again after them. */
    private abstract static class Member implements Runnable {
        final Set<Integer> owned = ConcurrentHashMap.newKeySet();
        volatile long lastCallbackNanos;
        volatile long readAfterCallbackNanos;
        /** When a poll last returned records, and the longest gap between two such polls since {@link #watch}. */
        volatile long lastReadNanos;
        volatile long longestGapNanos;
        volatile boolean watching;
        volatile boolean running = true;
        volatile Throwable failure;
        private final Thread thread = new Thread(this, "rebalance-bench-member");

        void start() {
            thread.start();
        }

        void callback(Collection<Integer> revoked, Collection<Integer> assigned) {
            owned.removeAll(revoked);
            owned.addAll(assigned);
            lastCallbackNanos = System.nanoTime();
            readAfterCallbackNanos = 0;
        }

        void polled(int records) {
            if (records == 0) {
                return;
            }
            long now = System.nanoTime();
            if (readAfterCallbackNanos == 0) {
                readAfterCallbackNanos = now;
            }
            if (watching && lastReadNanos != 0) {
                longestGapNanos = Math.max(longestGapNanos, now - lastReadNanos);
            }
            lastReadNanos = now;
        }

        /** Starts noting the longest gap between reads. */
        void watch() {
            longestGapNanos = 0;
            watching = true;
        }

        /** The longest gap between reads since {@link #watch}, counting one still open at {@code now}. */
        long longestGap(long now) {
            return Math.max(longestGapNanos, now - lastReadNanos);
        }

        @Override
        public void run() {
            try {
                subscribe();
                while (running) {
                    polled(pollOnce());
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                closeConsumer();
            }
        }

        abstract void subscribe();

        abstract int pollOnce();

        abstract void closeConsumer();

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    private static final class PetrelMember extends Member implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> consumer;
        private final String topic;

        PetrelMember(Map<String, Object> settings, String topic) {
            this.consumer = Consumer.create(settings, new io.petrel.serializers.ByteArrayDeserializer(),
                    new io.petrel.serializers.ByteArrayDeserializer());
            this.topic = topic;
        }

        @Override
        void subscribe() {
            consumer.subscribe(List.of(topic), this);
        }

        @Override
        int pollOnce() {
            return consumer.poll(Duration.ofMillis(50)).count();
        }

        @Override
        void closeConsumer() {
            consumer.close(Duration.ofSeconds(10));
        }

        @Override
        public void onPartitionsRevoked(Collection<io.petrel.client.TopicPartition> partitions) {
            callback(partitions.stream().map(io.petrel.client.TopicPartition::partition).toList(), List.of());
        }

        @Override
        public void onPartitionsAssigned(Collection<io.petrel.client.TopicPartition> partitions) {
            callback(List.of(), partitions.stream().map(io.petrel.client.TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<io.petrel.client.TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    private static final class KafkaMember extends Member
            implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;

        KafkaMember(Map<String, Object> settings, String topic) {
            this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topic = topic;
        }

        @Override
        void subscribe() {
            consumer.subscribe(List.of(topic), this);
        }

        @Override
        int pollOnce() {
            return consumer.poll(Duration.ofMillis(50)).count();
        }

        @Override
        void closeConsumer() {
            consumer.close(Duration.ofSeconds(10));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            callback(partitions.stream().map(TopicPartition::partition).toList(), List.of());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            callback(List.of(), partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    /**
     * Arguments: [RUNS] [PROTOCOLS] [CLIENTS] [BROKERS], the last three comma-separated subsets of
     * classic_eager,classic_cooperative,consumer / petrel,kafka_clients / kafka,stub (default: all).
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Protocol> protocols = args.length > 1 ? parse(args[1], Protocol.class) : List.of(Protocol.values());
        List<Client> clients = args.length > 2 ? parse(args[2], Client.class) : List.of(Client.values());
        List<String> brokers = args.length > 3 ? List.of(args[3].split(",")) : List.of("kafka", "stub");
        List<String> lines = new ArrayList<>();
        try (Broker stub = Broker.start(BrokerConfig.builder().build());
             RealKafkaBroker kafka = brokers.contains("kafka") ? RealKafkaBroker.start() : null) {
            for (Protocol protocol : protocols) {
                for (Client client : clients) {
                    String onKafka = kafka != null ? median(protocol, client, kafka.bootstrapServers(), runs) : "not run";
                    String onStub = brokers.contains("stub") ? median(protocol, client, stub.bootstrapServers(), runs)
                            : "not run";
                    lines.add("| " + protocol.label + " | " + (client == Client.PETREL ? "Petrel" : "kafka-clients 4.3.1")
                            + " | " + onKafka + " | " + onStub + " |");
                    System.err.println(lines.get(lines.size() - 1));
                }
            }
        }
        System.out.println("Time from an 11th member's start until all " + (MEMBERS + 1) + " members read again / the"
                + " longest any earlier member went without reading, " + PARTITIONS + " partitions, median of " + runs
                + " runs (all runs in brackets; -1: not settled within " + WAIT.toSeconds() + " s), ms");
        System.out.println("| group protocol | client | Apache Kafka 4.3.1 | broker-stub |");
        System.out.println("|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static <E extends Enum<E>> List<E> parse(String names, Class<E> type) {
        List<E> out = new ArrayList<>();
        for (String name : names.split(",")) {
            out.add(Enum.valueOf(type, name.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }

    /** "settled median [runs] / longest stop median [runs]". */
    private static String median(Protocol protocol, Client client, String bootstrap, int runs) throws Exception {
        List<Long> settled = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run;
            try {
                run = measure(protocol, client, bootstrap);
            } catch (Unsettled e) {
                System.err.println(protocol.label + ", " + client + ": " + e.getMessage());
                run = new Run(-1, -1);
            }
            settled.add(run.settledMs());
            stops.add(run.longestStopMs());
        }
        return medianOf(settled) + " / " + medianOf(stops);
    }

    private static String medianOf(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        return String.format("%,d %s", sorted.get(sorted.size() / 2), ms);
    }

    /**
     * One run's figures, ms: until every member reads again, and the longest any of the ten earlier members went
     * without reading meanwhile (the stop-the-world part).
     */
    record Run(long settledMs, long longestStopMs) {
    }

    /** One run: 10 members reading, an 11th starts. */
    private static Run measure(Protocol protocol, Client client, String bootstrap) throws Exception {
        String topic = "rebalance-bench-" + RUN.incrementAndGet() + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        Map<String, Object> settings = new HashMap<>(protocol.settings(client == Client.PETREL));
        settings.put("bootstrap.servers", bootstrap);
        settings.put("group.id", "group-" + topic);
        settings.put("auto.offset.reset", "latest");
        settings.put("max.poll.records", "100");
        List<Member> members = new ArrayList<>();
        Thread writer = null;
        WriterLoop loop = new WriterLoop(bootstrap, topic);
        try {
            writer = new Thread(loop, "rebalance-bench-writer");
            writer.start();
            for (int i = 0; i < MEMBERS; i++) {
                members.add(start(client, settings, topic));
            }
            awaitUntil("the first " + MEMBERS + " members to split the partitions and read",
                    () -> split(members) && members.stream().allMatch(m -> m.readAfterCallbackNanos > 0), members);
            List<Member> earlier = List.copyOf(members);
            earlier.forEach(Member::watch);
            long start = System.nanoTime();
            Member joining = start(client, settings, topic);
            members.add(joining);
            awaitUntil("the group to settle with the new member", () -> !joining.owned.isEmpty() && split(members)
                    && members.stream().allMatch(m -> m.lastCallbackNanos < start || m.readAfterCallbackNanos > 0), members);
            long end = start;
            for (Member m : members) {
                if (m.lastCallbackNanos >= start) {
                    end = Math.max(end, m.readAfterCallbackNanos);
                }
            }
            long now = System.nanoTime();
            long longestStop = earlier.stream().mapToLong(m -> m.longestGap(now)).max().orElse(0);
            return new Run(TimeUnit.NANOSECONDS.toMillis(end - start), TimeUnit.NANOSECONDS.toMillis(longestStop));
        } finally {
            loop.running = false;
            if (writer != null) {
                writer.join();
            }
            for (Member m : members) {
                m.running = false;
            }
            for (Member m : members) {
                m.stop();
            }
        }
    }

    private static Member start(Client client, Map<String, Object> settings, String topic) {
        Member m = client == Client.PETREL ? new PetrelMember(settings, topic) : new KafkaMember(settings, topic);
        m.start();
        return m;
    }

    /** A run whose group did not settle in time: recorded as -1, the other runs go on. */
    private static final class Unsettled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsettled(String message) {
            super(message);
        }
    }

    /** Whether the members own disjoint sets covering every partition. */
    private static boolean split(List<Member> members) {
        int sum = 0;
        Set<Integer> union = new java.util.HashSet<>();
        for (Member m : members) {
            sum += m.owned.size();
            union.addAll(m.owned);
        }
        return sum == PARTITIONS && union.size() == PARTITIONS;
    }

    private static void awaitUntil(String what, BooleanSupplier done, List<Member> members) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            for (Member m : members) {
                if (m.failure != null) {
                    throw new IllegalStateException("a member failed while waiting for " + what, m.failure);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Unsettled("gave up waiting for " + what + " after " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    /** Writes about 10,000 records/s of 100 B spread over the partitions until stopped. */
    private static final class WriterLoop implements Runnable {
        private final String bootstrap;
        private final String topic;
        volatile boolean running = true;

        WriterLoop(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "1");
            byte[] value = new byte[100];
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                int p = 0;
                while (running) {
                    for (int i = 0; i < 100; i++) {
                        producer.send(new ProducerRecord<>(topic, p++ % PARTITIONS, null, value));
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
