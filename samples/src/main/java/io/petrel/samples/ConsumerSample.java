package io.petrel.samples;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * A consumer in a group: subscribe, poll until the records are in, commit, print each record.
 *
 * <p>It first sends {@value #RECORDS} records of its own, so it has something to read when run alone.
 * Then a consumer joins group {@value #GROUP}, subscribes to the topic and polls until it has read up to
 * the end each partition had when it started: from the very beginning for a group that has committed
 * nothing yet ({@code auto.offset.reset=earliest}), from where it left off otherwise. It commits what it
 * read with {@code commitSync()}, so the next run of the group starts after it.
 *
 * <p>Auto commit is off: offsets are committed after the records are processed (here: printed), so a
 * crash in between re-reads them rather than losing them ("at least once").
 *
 * <p>Run: {@code ConsumerSample [--bootstrap-server HOST:PORT]}.
 */
public final class ConsumerSample {
    /** The consumer group. */
    public static final String GROUP = "peter-basic01-readers";
    /** How many records the sample sends before reading. */
    public static final int RECORDS = 3;
    /** How long it polls for the records before giving up. */
    public static final Duration READ_WITHIN = Duration.ofSeconds(30);

    /**
     * What the sample sent and read.
     *
     * @param sent      where its own records went
     * @param received  every record read, in the order poll returned them
     * @param committed the group's committed offsets after the run, by partition
     */
    public record Result(List<RecordMetadata> sent, List<ConsumerRecord<String, String>> received,
                         Map<TopicPartition, OffsetAndMetadata> committed) {
    }

    private ConsumerSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, ConsumerSample::run);
    }

    /** Sends {@value #RECORDS} records, then reads the topic as described in the class comment. */
    public static Result run(SampleBroker broker, PrintStream out) throws InterruptedException, ExecutionException {
        List<RecordMetadata> sent = sendSome(broker, out);

        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("consumer-sample")
                .groupId(GROUP)
                // A group with no committed offsets starts at the beginning, not only at records sent from now on.
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                // Committed below, after the records are processed.
                .enableAutoCommit(false)
                .build()) {
            consumer.subscribe(List.of(SampleBroker.TOPIC));

            // Where to stop: each partition's end now, which is past every record sent so far.
            Set<TopicPartition> partitions = consumer.partitionsFor(SampleBroker.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);

            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (!readUpTo(consumer, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Read " + received.size() + " records of topic " + SampleBroker.TOPIC
                            + " within " + READ_WITHIN.toSeconds() + " s, but not yet up to the end offsets " + end);
                }
                // poll() also joins the group, gets partitions assigned and keeps the membership alive.
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    out.printf("partition %d, offset %d, key %s, value %s%n", r.partition(), r.offset(), r.key(), r.value());
                    received.add(r);
                }
            }
            // Commits the position of every assigned partition: the offset of the next record to read.
            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            committed.putAll(consumer.committed(partitions));
            out.println("received " + received.size() + " records; group " + GROUP + " committed "
                    + committed.entrySet().stream()
                            .map(e -> "partition " + e.getKey().partition() + " at " + e.getValue().offset())
                            .collect(Collectors.joining(", ")));
            return new Result(sent, List.copyOf(received), committed);
        }
    }

    /** Whether the group has given this consumer every partition and it has read each up to {@code end}. */
    private static boolean readUpTo(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        if (!consumer.assignment().containsAll(end.keySet())) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<RecordMetadata> sendSome(SampleBroker broker, PrintStream out)
            throws InterruptedException, ExecutionException {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("consumer-sample-producer")
                .build()) {
            List<RecordMetadata> sent = new ArrayList<>();
            for (int i = 1; i <= RECORDS; i++) {
                RecordMetadata md = producer.send(ProducerRecord.of(SampleBroker.TOPIC, "reader-" + i,
                        "for the consumer " + i)).get();
                out.println("sent first, to have something to read: key reader-" + i + " -> " + MetadataText.of(md));
                sent.add(md);
            }
            return sent;
        }
    }
}
