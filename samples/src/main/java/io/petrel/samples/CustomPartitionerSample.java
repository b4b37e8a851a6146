package io.petrel.samples;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A custom partitioner: {@link VipPartitioner} sends VIP customers' records to partition 0 and spreads
 * everyone else's over the other partitions. The producer asks it for the partition of every record that
 * does not name one itself.
 *
 * <p>Run: {@code CustomPartitionerSample [--bootstrap-server HOST:PORT]}. The topic needs more than one
 * partition for the rule to show (the embedded broker gives it {@value SampleBroker#EMBEDDED_PARTITIONS}).
 */
public final class CustomPartitionerSample {
    /** The keys sent, VIPs and others mixed. */
    public static final List<String> KEYS = List.of("vip-alice", "bob", "heidi", "vip-carol", "dave", "ivan", "vip-frank");

    private CustomPartitionerSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, CustomPartitionerSample::run);
    }

    /** Sends one record per key in {@link #KEYS}; returns where each went, in the order of the keys. */
    public static List<RecordMetadata> run(SampleBroker broker, PrintStream out)
            throws InterruptedException, ExecutionException {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("custom-partitioner-sample")
                .partitioner(new VipPartitioner())
                .build()) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (String key : KEYS) {
                sent.add(producer.send(ProducerRecord.of(SampleBroker.TOPIC, key, "partitioned order from " + key)));
            }
            List<RecordMetadata> written = new ArrayList<>();
            for (int i = 0; i < KEYS.size(); i++) {
                RecordMetadata md = sent.get(i).get();
                String rule = KEYS.get(i).startsWith(VipPartitioner.VIP_PREFIX) ? "VIP: partition 0" : "other: hash over 1..n-1";
                out.printf("key %-9s %-25s -> %s%n", KEYS.get(i), "(" + rule + ")", MetadataText.of(md));
                written.add(md);
            }
            return written;
        }
    }
}
