package io.petrel.samples;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.util.Map;

/**
 * Fire and forget: send records without looking at what becomes of them, then flush.
 *
 * <p>The cheapest way to send, and the one that learns least: a record that fails is only counted in the
 * producer's metrics ({@code record-error-total}); nobody is told which one or why. Fit for data you can
 * afford to lose, such as frequent sensor readings.
 *
 * <p>Run: {@code FireAndForgetSample [--bootstrap-server HOST:PORT]}.
 */
public final class FireAndForgetSample {
    /** How many records the sample sends. */
    public static final int RECORDS = 5;

    /**
     * What the producer's counters say after the flush.
     *
     * @param sent         records handed to send()
     * @param acknowledged records the broker acknowledged ({@code record-send-total})
     * @param failed       records that failed ({@code record-error-total})
     */
    public record Result(int sent, long acknowledged, long failed) {
    }

    private FireAndForgetSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, FireAndForgetSample::run);
    }

    /** Sends {@value #RECORDS} records to {@link SampleBroker#TOPIC} and reports the producer's counts. */
    public static Result run(SampleBroker broker, PrintStream out) {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("fire-and-forget-sample")
                .build()) {
            for (int i = 1; i <= RECORDS; i++) {
                // The returned future is dropped on purpose: this code never learns what became of the record.
                producer.send(ProducerRecord.of(SampleBroker.TOPIC, "sensor-" + i, "fire-and-forget reading " + i));
                out.println("handed to the producer: key sensor-" + i);
            }
            // send() only queues a record; flush() sends what is queued and waits until each is acknowledged or
            // has failed. Without it, close() would do the same, but a long-lived producer is rarely closed.
            producer.flush();

            Map<String, Double> metrics = producer.metrics();
            Result result = new Result(RECORDS, metrics.get("record-send-total").longValue(),
                    metrics.get("record-error-total").longValue());
            out.println("flushed: " + result.acknowledged() + " acknowledged, " + result.failed()
                    + " failed (the producer's record-send-total and record-error-total: all fire and forget can know)");
            return result;
        }
    }
}
