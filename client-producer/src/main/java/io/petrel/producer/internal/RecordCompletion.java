package io.petrel.producer.internal;

import io.petrel.producer.Callback;
import io.petrel.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The end of the pipeline for one record: the future send() returns and whom to tell of the outcome (the
 * callback, and the interceptors' onAcknowledgement before it). Completed on the sender thread, with no
 * producer lock held; a throwing callback is logged and does not stop the others.
 *
 * <p>Why so small (24 bytes: the future's two fields and one more): a record waits in the producer from
 * send() to its acknowledgement, and while buffer.memory is full (the sender slower than send()) that is a
 * quarter of a million 100 B records, each copied by every young collection it survives. So it is the future
 * itself rather than holding one; what RecordMetadata needs besides the offset (create time, key and value
 * sizes) stays in the batch ({@link BatchRecordFacts}, columns that stay empty while records agree); and the
 * callback and the interceptors share one field, a pair made only when the producer has interceptors.
 * Dependent stages a caller adds ({@code thenApply}, ...) are plain CompletableFutures, as
 * {@link #newIncompleteFuture} is not overridden.
 */
final class RecordCompletion extends CompletableFuture<RecordMetadata> {
    private static final Logger log = LoggerFactory.getLogger(RecordCompletion.class);

    /** Told of every record's outcome before its callback: the interceptors' onAcknowledgement. */
    interface Acknowledgements {
        void onAcknowledgement(RecordMetadata metadata, Exception exception);
    }

    /** The callback and the interceptors of a record, when the producer has interceptors. */
    private record Listeners(Acknowledgements acknowledgements, Callback callback) {
    }

    /** Null, the {@link Callback}, or {@link Listeners} when there are interceptors. */
    private final Object listener;

    private RecordCompletion(Object listener) {
        this.listener = listener;
    }

    /** @param acknowledgements null when the producer has no interceptors; callback may be null */
    static RecordCompletion of(Callback callback, Acknowledgements acknowledgements) {
        return new RecordCompletion(acknowledgements == null ? callback : new Listeners(acknowledgements, callback));
    }

    /** The future send() returns for the record. */
    CompletableFuture<RecordMetadata> future() {
        return this;
    }

    /** @param timestamp the broker's append time when the topic uses LogAppendTime, else the record's create time */
    void succeed(String topic, int partition, long offset, long timestamp, int keySize, int valueSize) {
        RecordMetadata metadata = new RecordMetadata(topic, partition, offset, timestamp, keySize, valueSize);
        if (listener instanceof Listeners both) {
            both.acknowledgements().onAcknowledgement(metadata, null);
        }
        complete(metadata);
        runCallback(metadata, null);
    }

    /**
     * @param partition the record's partition, or -1 when it failed before one was chosen
     * @param keySize   the serialized key's size for the interceptors, -1 for none or unknown
     */
    void fail(String topic, int partition, int keySize, int valueSize, Exception error) {
        if (listener instanceof Listeners both) {
            both.acknowledgements().onAcknowledgement(new RecordMetadata(topic, partition, -1, -1, keySize, valueSize),
                    error);
        }
        completeExceptionally(error);
        runCallback(null, error);
    }

    private void runCallback(RecordMetadata metadata, Exception error) {
        Callback callback = listener instanceof Listeners both ? both.callback() : (Callback) listener;
        if (callback == null) {
            return;
        }
        try {
            callback.onCompletion(metadata, error);
        } catch (RuntimeException e) {
            log.error("A send callback threw; the producer goes on with the next record", e);
        }
    }
}
