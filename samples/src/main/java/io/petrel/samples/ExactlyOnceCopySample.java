package io.petrel.samples;

import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Consume, transform, produce, exactly once: records of {@value SampleBroker#TOPIC} are copied, upper-cased, to
 * {@value #OUTPUT}, and the input offsets are committed in the same transaction as the copies.
 *
 * <p>A consumer in group {@value #GROUP} ({@code isolation.level=read_committed}) reads the input up to its end.
 * A transactional producer ({@code transactional.id} {@value #TRANSACTIONAL_ID}) then copies it twice:
 * <ol>
 *   <li>in a transaction it aborts, as an application does when something fails midway: the copies reach the
 *       log, but a read_committed reader never sees them (a read_uncommitted one does), and the group's offsets
 *       do not move;</li>
 *   <li>after going back to the group's committed offsets, in a transaction it commits: the copies and the
 *       offsets become visible together.</li>
 * </ol>
 * Run again, the group starts after what it copied: nothing is copied twice.
 *
 * <p>Run: {@code ExactlyOnceCopySample [--bootstrap-server HOST:PORT]}.
 */
public final class ExactlyOnceCopySample {
    /** Where the copies go. */
    public static final String OUTPUT = SampleBroker.TOPIC + "-upper";
    /** The group whose offsets the transactions commit. */
    public static final String GROUP = SampleBroker.TOPIC + "-copier";
    /** The copier's transactional id: a second copier with the same id would fence this one. */
    public static final String TRANSACTIONAL_ID = SampleBroker.TOPIC + "-copier-1";
    /** How long it polls for the input before giving up. */
    public static final Duration READ_WITHIN = Duration.ofSeconds(30);

    /**
     * What the sample saw.
     *
     * @param input                the input records copied (none when the group had copied everything already)
     * @param committedAfterAbort  what a read_committed reader of the output saw after the aborted transaction
     * @param uncommittedAfterAbort what a read_uncommitted reader saw then
     * @param committedAfterCommit what a read_committed reader saw after the committed transaction
     * @param groupOffsets         the group's committed offsets at the end
     */
    public record Result(List<String> input, List<String> committedAfterAbort, List<String> uncommittedAfterAbort,
                         List<String> committedAfterCommit, Map<TopicPartition, Long> groupOffsets) {
    }

    private ExactlyOnceCopySample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, ExactlyOnceCopySample::run);
    }

    /** Copies the input as the class comment says and prints what readers of the output see. */
    public static Result run(SampleBroker broker, PrintStream out) {
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("exactly-once-copier")
                .groupId(GROUP)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .enableAutoCommit(false)
                // Only committed input is copied: a copier must not pass on another transaction's aborted records.
                .config(ConsumerConfig.ISOLATION_LEVEL, "read_committed")
                .build();
             Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                     .bootstrapServers(broker.bootstrapServers())
                     .transactionalId(TRANSACTIONAL_ID)
                     .build()) {
            // Once per producer: fences any older copier with the same transactional id, and finishes its transaction.
            producer.initTransactions();
            consumer.subscribe(List.of(SampleBroker.TOPIC));
            List<ConsumerRecord<String, String>> input = readToEnd(consumer);
            out.println("read " + input.size() + " records of " + SampleBroker.TOPIC + " as group " + GROUP);

            copy(producer, consumer, input);
            // abortTransaction() drops batches not yet sent (as kafka-clients' does); flushing first puts the
            // copies in the log, so the demo can show a read_uncommitted reader seeing what read_committed hides.
            producer.flush();
            producer.abortTransaction();
            List<String> committedAfterAbort = readOutput(broker, "read_committed", 0);
            List<String> uncommittedAfterAbort = readOutput(broker, "read_uncommitted", input.size());
            out.println("aborted a transaction of " + input.size() + " copies: a read_committed reader of " + OUTPUT
                    + " sees " + committedAfterAbort.size() + " records, a read_uncommitted one "
                    + uncommittedAfterAbort.size());

            // After an abort the input is read again from the group's committed offsets.
            rewind(consumer);
            List<ConsumerRecord<String, String>> again = readToEnd(consumer);
            copy(producer, consumer, again);
            producer.commitTransaction();
            List<String> committedAfterCommit = readOutput(broker, "read_committed", again.size());
            Map<TopicPartition, Long> groupOffsets = committedOffsets(consumer);
            out.println("committed a transaction of " + again.size() + " copies: a read_committed reader of " + OUTPUT
                    + " sees " + committedAfterCommit.size() + " records; group " + GROUP + " committed "
                    + groupOffsets.entrySet().stream().sorted(Map.Entry.comparingByKey(
                            (a, b) -> Integer.compare(a.partition(), b.partition())))
                    .map(e -> "partition " + e.getKey().partition() + " at " + e.getValue())
                    .collect(Collectors.joining(", ")));
            return new Result(values(input), committedAfterAbort, uncommittedAfterAbort, committedAfterCommit,
                    groupOffsets);
        }
    }

    /** One transaction's work: a copy of each record, and the input offsets, for the group, in the same transaction. */
    private static void copy(Producer<String, String> producer, Consumer<String, String> consumer,
                             List<ConsumerRecord<String, String>> records) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            producer.send(ProducerRecord.of(OUTPUT, r.key(), r.value().toUpperCase()));
            next.put(new TopicPartition(r.topic(), r.partition()), OffsetAndMetadata.of(r.offset() + 1));
        }
        // groupMetadata() lets the group coordinator refuse the offsets of a member the group has moved on from.
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
    }

    /** Polls until every partition is assigned and read up to the end it has now. */
    private static List<ConsumerRecord<String, String>> readToEnd(Consumer<String, String> consumer) {
        Set<TopicPartition> partitions = consumer.partitionsFor(SampleBroker.TOPIC).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + READ_WITHIN.toNanos();
        while (!readUpTo(consumer, end)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Read " + read.size() + " records of " + SampleBroker.TOPIC + " within "
                        + READ_WITHIN.toSeconds() + " s, but not yet up to the end offsets " + end);
            }
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            records.forEach(read::add);
        }
        return read;
    }

    private static boolean readUpTo(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        if (!consumer.assignment().containsAll(end.keySet())) {
            return false;
        }
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static void rewind(Consumer<String, String> consumer) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition tp : consumer.assignment()) {
            OffsetAndMetadata om = committed.get(tp);
            if (om == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, om.offset());
            }
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Consumer<String, String> consumer) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.committed(consumer.assignment()).forEach((tp, om) -> offsets.put(tp, om.offset()));
        return offsets;
    }

    /**
     * Every value of {@value #OUTPUT} a reader with this isolation level sees, from the beginning, waiting for at
     * least {@code expected} (a transaction's markers may reach the partitions just after its commit returned).
     */
    private static List<String> readOutput(SampleBroker broker, String isolationLevel, int expected) {
        try (Consumer<String, String> reader = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("exactly-once-reader")
                .config(ConsumerConfig.ISOLATION_LEVEL, isolationLevel)
                .build()) {
            Set<TopicPartition> partitions = reader.partitionsFor(OUTPUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toSet());
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (System.nanoTime() - deadline < 0) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                // read_committed's end is the last stable offset: it stops before any transaction still open.
                if (values.size() >= expected && readUpTo(reader, reader.endOffsets(partitions))) {
                    break;
                }
            }
            return values;
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
