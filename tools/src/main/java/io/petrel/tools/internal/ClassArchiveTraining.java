package io.petrel.tools.internal;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.ByteArrayDeserializer;
import io.petrel.serializers.ByteArraySerializer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the class-data-sharing archive that {@code ./petrel broker} writes on its first run cover the classes of
 * serving a producer and a consumer, whatever that first run happened to serve.
 *
 * <p>Why: the JVM archives the classes loaded when it exits, and later runs map the archive instead of loading those
 * classes from the jars. A first run stopped before any client came (tried, then Ctrl-C) left out the produce and
 * fetch path, and every later run loaded it from the jars on its first requests: 183 classes read from the jars
 * before the first acknowledged record instead of 1, and the event loop's CPU to it 0.14-0.17 s instead of 0.05-0.08 s
 * (benchmarks/README.md, "Broker start"). With this, 20 classes (the JVM leaves out of an archive the classes it
 * loaded but never linked). So, in the JVM that
 * writes the archive only (the launcher says so with {@value #DUMP_PROPERTY}), once the user's broker is closed, a
 * throwaway broker in a temporary directory of its own (never the user's data directory) serves one record produced
 * and fetched with Petrel's clients, then is closed and its directory deleted.
 *
 * <p>Its brokers' and clients' log lines are not shown (they would read as if the user's broker had started again):
 * standard error is swapped for the few seconds it runs, in a JVM that is exiting. A failure is reported after.
 */
final class ClassArchiveTraining {
    /**
     * Set by the launcher on the run whose JVM writes the class-data archive at exit, to the file the command creates
     * once it has done its job ({@link ClassArchiveVerdict}).
     */
    static final String DUMP_PROPERTY = "petrel.cds.dump";
    private static final String TOPIC = "petrel-class-archive-training";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private ClassArchiveTraining() {
    }

    /** True when this JVM writes a class-data archive at exit (the launcher's first run of a command). */
    static boolean archiving() {
        return System.getProperty(DUMP_PROPERTY) != null;
    }

    /**
     * Produces one record to a throwaway broker and fetches it back, its log lines hidden.
     *
     * @return the offset the record was acknowledged at and fetched from
     * @throws Exception whatever failed, the throwaway broker closed and its directory deleted all the same
     */
    static long run() throws Exception {
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try (Broker broker = Broker.start(BrokerConfig.builder().port(0).jmx(false).build())) {
            return produceAndFetch(broker.bootstrapServers());
        } finally {
            System.setErr(err);
        }
    }

    private static long produceAndFetch(String bootstrapServers) throws Exception {
        long offset;
        try (Producer<byte[], byte[]> producer = Producer.create(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata acked = producer.send(ProducerRecord.of(TOPIC, new byte[] {'k'}, new byte[] {'v'}))
                    .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            offset = acked.offset();
        }
        try (Consumer<byte[], byte[]> consumer = Consumer.create(Map.of("bootstrap.servers", bootstrapServers,
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    return records.iterator().next().offset() == offset ? offset : -1;
                }
            }
        }
        throw new IllegalStateException("the record produced at offset " + offset + " was not fetched within " + LIMIT);
    }
}
