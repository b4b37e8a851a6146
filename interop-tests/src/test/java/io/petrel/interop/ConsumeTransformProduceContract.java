package io.petrel.interop;

import io.petrel.client.ClientException;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.producer.KafkaReadBack;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Exactly-once with Petrel on both sides, on any broker with a transaction coordinator: a read_committed Petrel consumer in a
 * group reads an input topic, and a transactional Petrel producer writes each record, transformed, to an output
 * topic and commits the input offsets in the same transaction. Every third transaction is aborted and its input
 * read again. kafka-clients' read_committed consumer then finds every input record exactly once in the output,
 * and the group's committed offsets at the end of the input. Subclasses say where the broker is (a real Apache
 * Kafka 4.3.1, broker-stub).
 */
abstract class ConsumeTransformProduceContract {
    private static final int RECORDS = 600;
    private static final int PARTITIONS = 3;

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    @Test
    void everyInputRecordReachesTheOutputExactlyOnceDespiteAbortedTransactions() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String input = "ctp-in-" + suffix;
        String output = "ctp-out-" + suffix;
        String group = "ctp-" + suffix;
        KafkaReadBack readBack = new KafkaReadBack(bootstrapServers());
        readBack.createTopic(input, PARTITIONS);
        readBack.createTopic(output, PARTITIONS);
        try (Producer<String, String> plain = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrapServers()).build()) {
            for (int i = 0; i < RECORDS; i++) {
                plain.send(ProducerRecord.of(input, "k" + i, "v" + i));
            }
            plain.flush();
        }

        int transactions = 0;
        int aborted = 0;
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(bootstrapServers())
                .groupId(group)
                .enableAutoCommit(false)
                .config(ConsumerConfig.ISOLATION_LEVEL, "read_committed")
                .config(ConsumerConfig.AUTO_OFFSET_RESET, "earliest")
                .config(ConsumerConfig.MAX_POLL_RECORDS, 50)
                .build();
             Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                     .bootstrapServers(bootstrapServers())
                     .transactionalId("ctp-" + suffix)
                     .build()) {
            consumer.subscribe(List.of(input));
            producer.initTransactions();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!caughtUp(consumer, input) && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    producer.send(ProducerRecord.of(output, r.key(), r.value().toUpperCase()));
                    next.put(new TopicPartition(r.topic(), r.partition()), OffsetAndMetadata.of(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                if (++transactions % 3 == 0) {
                    producer.abortTransaction();
                    aborted++;
                    rewind(consumer);
                } else {
                    producer.commitTransaction();
                }
            }
        }
        assertTrue(aborted > 0, "some transactions were aborted");

        List<String> copied = new ArrayList<>();
        readBack.read(output, RECORDS, "read_committed")
                .forEach(r -> copied.add(new String(r.value(), StandardCharsets.UTF_8)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            expected.add("V" + i);
        }
        copied.sort(null);
        expected.sort(null);
        assertEquals(expected, copied, "each input exactly once, nothing of the aborted transactions");
        long committed = readBack.committedOffsets(group).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(RECORDS, committed, "the group's offsets are at the end of the input");
    }

    /** Back to the committed offsets, as an application does after an abort, to read that input again. */
    private static void rewind(Consumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            if (om != null) {
                consumer.seek(tp, om.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    private static boolean caughtUp(Consumer<String, String> consumer, String input) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.size() < PARTITIONS) {
            return false;
        }
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata om = committed.get(tp);
                if (om == null || om.offset() < ends.get(tp)) {
                    return false;
                }
            }
            return true;
        } catch (ClientException e) {
            return false;
        }
    }
}
