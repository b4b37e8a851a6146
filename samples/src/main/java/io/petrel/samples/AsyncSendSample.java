package io.petrel.samples;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.serializers.StringSerializer;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Asynchronous send with {@link CompletableFuture}s: {@code send} returns a future, and futures compose.
 *
 * <ul>
 *   <li>{@code thenCompose}: "order paid" is sent only once "order created" is acknowledged, so it can
 *       never be written without it: if "created" fails, the chain fails and "paid" is never sent.</li>
 *   <li>{@code allOf}: three line items are sent together and awaited as one.</li>
 *   <li>{@code thenCombine}: both results are joined into one summary, still without blocking.</li>
 * </ul>
 * Only the very end blocks, because a {@code main} must not return before its work is done.
 *
 * <p>Stages added with the non-{@code Async} methods run on the producer's sender thread: keep them
 * short. Sending from there is allowed (it fails at once rather than block when the buffer is full).
 *
 * <p>Run: {@code AsyncSendSample [--bootstrap-server HOST:PORT]}.
 */
public final class AsyncSendSample {
    /** The key of the order's records: one key, so one partition and one order. */
    public static final String ORDER_KEY = "order-7";
    /** How many line items are sent side by side. */
    public static final int ITEMS = 3;

    /**
     * Where each record went.
     *
     * @param created the "order created" record
     * @param paid    the "order paid" record, sent after {@code created} was acknowledged
     * @param items   the line items, in the order they were sent
     */
    public record Result(RecordMetadata created, RecordMetadata paid, List<RecordMetadata> items) {
    }

    private AsyncSendSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, AsyncSendSample::run);
    }

    /** Sends the order's records as described in the class comment; returns where they went. */
    public static Result run(SampleBroker broker, PrintStream out)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("async-send-sample")
                .build()) {
            CompletableFuture<RecordMetadata> created =
                    producer.send(ProducerRecord.of(SampleBroker.TOPIC, ORDER_KEY, "async order created"));
            CompletableFuture<RecordMetadata> paid = created.thenCompose(md -> producer.send(
                    ProducerRecord.of(SampleBroker.TOPIC, ORDER_KEY, "async order paid (created at offset " + md.offset() + ")")));

            List<CompletableFuture<RecordMetadata>> items = IntStream.rangeClosed(1, ITEMS)
                    .mapToObj(i -> producer.send(ProducerRecord.of(SampleBroker.TOPIC, ORDER_KEY + "-item-" + i,
                            "async line item " + i)))
                    .toList();
            CompletableFuture<Void> allItems = CompletableFuture.allOf(items.toArray(CompletableFuture[]::new));

            // join() inside the combiner does not block: allOf and thenCombine ran it after every future completed.
            CompletableFuture<Result> result = paid.thenCombine(allItems, (paidMd, done) ->
                    new Result(created.join(), paidMd, items.stream().map(CompletableFuture::join).toList()));

            Result r = result.get(30, TimeUnit.SECONDS);
            out.println("order created -> " + MetadataText.of(r.created()));
            out.println("order paid    -> " + MetadataText.of(r.paid()));
            for (int i = 0; i < r.items().size(); i++) {
                out.println("line item " + (i + 1) + "   -> " + MetadataText.of(r.items().get(i)));
            }
            out.println("all " + (2 + r.items().size()) + " acknowledged; paid was sent only after created was acknowledged");
            return r;
        }
    }
}
