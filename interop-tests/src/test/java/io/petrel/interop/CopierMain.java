package io.petrel.interop;

import io.petrel.client.ClientException;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerFencedException;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringDeserializer;
import io.petrel.serializers.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consume-transform-produce process for {@link ExactlyOnceUnderCrashesContract}, run in a JVM of its own so the
 * test can SIGKILL it at any point: Petrel's read_committed consumer (a static member of its group, so a restart
 * takes its place at once) and Petrel's transactional producer copy the input, upper-cased, to the output, each
 * poll's records and their offsets in one transaction. It prints {@value #COMMITTED} after each commit and exits 0
 * once the group's committed offsets reach the end of the input, 3 when fenced.
 *
 * <p>Arguments: {@code <bootstrap> <input> <output> <group> <transactional id>}.
 */
public final class CopierMain {
    /** Printed after each committed transaction, with the count of records it copied. */
    static final String COMMITTED = "committed";
    /**
     * Records per poll, so per transaction: kafka-clients' default. On a real Kafka a transaction costs tens of
     * milliseconds of round trips whatever its size, so at 100 (1,000 transactions for the copy) the copy was most
     * of ExactlyOnceUnderCrashesOnRealKafkaTest's time; at 500 the test takes a third of it. The kills still land
     * within the first few transactions of each life, before, during or after a commit.
     */
    static final int MAX_POLL_RECORDS = 500;

    private CopierMain() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String input = args[1];
        String output = args[2];
        String group = args[3];
        String transactionalId = args[4];
        try (Consumer<String, String> consumer = Consumer.builder(new StringDeserializer(), new StringDeserializer())
                .bootstrapServers(bootstrap)
                .groupId(group)
                .enableAutoCommit(false)
                .config(ConsumerConfig.GROUP_INSTANCE_ID, group + "-copier")
                .config(ConsumerConfig.ISOLATION_LEVEL, "read_committed")
                .config(ConsumerConfig.AUTO_OFFSET_RESET, "earliest")
                .config(ConsumerConfig.MAX_POLL_RECORDS, MAX_POLL_RECORDS)
                .build();
             Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                     .bootstrapServers(bootstrap)
                     .transactionalId(transactionalId)
                     .build()) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (caughtUp(consumer)) {
                        break;
                    }
                    continue;
                }
                try {
                    copy(producer, consumer, records, output);
                    System.out.println(COMMITTED + " " + records.count());
                    System.out.flush();
                } catch (ProducerFencedException e) {
                    System.out.println("fenced: " + e.getMessage());
                    System.exit(3);
                } catch (ClientException e) {
                    System.out.println("aborting: " + e);
                    producer.abortTransaction();
                    rewind(consumer);
                }
            }
            System.out.println("caught up");
        }
    }

    private static void copy(Producer<String, String> producer, Consumer<String, String> consumer,
                             ConsumerRecords<String, String> records, String output) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            producer.send(ProducerRecord.of(output, r.key(), r.value().toUpperCase()));
            next.put(new TopicPartition(r.topic(), r.partition()), OffsetAndMetadata.of(r.offset() + 1));
        }
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
    }

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

    /** Whether the group has committed, for every assigned partition, the end of the input. */
    private static boolean caughtUp(Consumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            if (om == null || om.offset() < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
