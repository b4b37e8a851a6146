package io.petrel.samples;

import io.petrel.producer.Callback;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Send with a callback: {@code send(record, callback)} returns at once, and the producer calls the
 * callback with the record's metadata once it is acknowledged, or with the error once it has failed.
 *
 * <p>Many records are in flight together and batched, yet each outcome is seen. Callbacks run on the
 * producer's sender thread: keep them short (the producer sends nothing while one runs) and hand
 * results to other threads through thread-safe structures, as this sample does.
 *
 * <p>One record is sent to a partition the topic does not have, to show what a failure looks like.
 *
 * <p>Run: {@code CallbackSendSample [--bootstrap-server HOST:PORT]}.
 */
public final class CallbackSendSample {
    /** How many records the sample means to write. */
    public static final int RECORDS = 4;
    /** The partition of the record meant to fail: more than the sample topic has. */
    public static final int MISSING_PARTITION = 1000;

    /**
     * What the callbacks were told.
     *
     * @param written where the acknowledged records went, in the order their callbacks ran
     * @param failed  the errors of the records that failed
     */
    public record Result(List<RecordMetadata> written, List<Exception> failed) {
    }

    private CallbackSendSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, CallbackSendSample::run);
    }

    /** Sends {@value #RECORDS} good records and one bad one, each with a callback; returns what the callbacks saw. */
    public static Result run(SampleBroker broker, PrintStream out) {
        // Written by the sender thread, read here after flush(): they must be thread-safe.
        List<RecordMetadata> written = new CopyOnWriteArrayList<>();
        List<Exception> failed = new CopyOnWriteArrayList<>();

        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("callback-send-sample")
                .build()) {
            for (int i = 1; i <= RECORDS; i++) {
                String key = "click-" + i;
                producer.send(ProducerRecord.of(SampleBroker.TOPIC, key, "callback click " + i),
                        report(key, written, failed, out));
            }
            ProducerRecord<String, String> bad = ProducerRecord.<String, String>builder(SampleBroker.TOPIC)
                    .partition(MISSING_PARTITION).key("click-lost").value("never written").build();
            producer.send(bad, report("click-lost", written, failed, out));

            // flush() returns once every record sent so far has been acknowledged or has failed, and its callback has run.
            producer.flush();
        }
        return new Result(List.copyOf(written), List.copyOf(failed));
    }

    /** The callback: exactly one of metadata and exception is non-null. */
    private static Callback report(String key, List<RecordMetadata> written, List<Exception> failed, PrintStream out) {
        return (metadata, exception) -> {
            if (exception != null) {
                failed.add(exception);
                out.println("key " + key + " failed: " + exception.getMessage());
            } else {
                written.add(metadata);
                out.println("key " + key + " -> " + MetadataText.of(metadata));
            }
        };
    }
}
