package io.petrel.samples;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Synchronous send: {@code send(record).get()} waits until the broker has acknowledged the record and
 * returns where it was written.
 *
 * <p>Simple and slow: one record in flight at a time, so each costs a full round trip and nothing is
 * batched. Fit for a few important records where the caller must know before going on; for many, use a
 * {@linkplain CallbackSendSample callback} or {@linkplain AsyncSendSample future composition} instead.
 *
 * <p>Run: {@code SyncSendSample [--bootstrap-server HOST:PORT]}.
 */
public final class SyncSendSample {
    /** How many records the sample sends. */
    public static final int RECORDS = 3;
    /** The one key of every record: the same key always lands on the same partition. */
    public static final String KEY = "account-42";

    private SyncSendSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, SyncSendSample::run);
    }

    /** Sends {@value #RECORDS} records with key {@value #KEY}, one at a time; returns where each went. */
    public static List<RecordMetadata> run(SampleBroker broker, PrintStream out)
            throws InterruptedException, ExecutionException {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("sync-send-sample")
                .build()) {
            List<RecordMetadata> written = new ArrayList<>();
            for (int i = 1; i <= RECORDS; i++) {
                // get() blocks until the broker acknowledges; a failure is thrown here as an ExecutionException.
                RecordMetadata md = producer.send(ProducerRecord.of(SampleBroker.TOPIC, KEY, "sync deposit " + i)).get();
                out.println("key " + KEY + " -> " + MetadataText.of(md));
                written.add(md);
            }
            return written;
        }
    }
}
