package io.petrel.producer.internal;

import io.petrel.producer.Callback;
import io.petrel.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The end of the pipeline for one record: the future send() returns, its callback, and what
 * RecordMetadata needs that the batch does not keep (create time, key and value sizes). Completed on the
 * sender thread, with no producer lock held; a throwing callback is logged and does not stop the others.
 *
 * <p>Why it is the future itself rather than holding one: a record waits in the producer from send() to
 * its acknowledgement, so one object per record instead of two halves what the buffer keeps alive (and
 * what the garbage collector copies) while buffer.memory is full. Dependent stages a caller adds
 * ({@code thenApply}, ...) are plain CompletableFutures, as {@link #newIncompleteFuture} is not overridden.
 */
final class RecordCompletion extends CompletableFuture<RecordMetadata> {
    private static final Logger log = LoggerFactory.getLogger(RecordCompletion.class);

    /** Told of every record's outcome before its callback: the interceptors' onAcknowledgement. */
    interface Acknowledgements {
        void onAcknowledgement(RecordMetadata metadata, Exception exception);
    }

    private final Callback callback;
    /** Null when the producer has no interceptors. */
    private final Acknowledgements acknowledgements;
    private final long timestamp;
    private final int keySize;
    private final int valueSize;

    RecordCompletion(Callback callback, Acknowledgements acknowledgements, long timestamp, int keySize,
                     int valueSize) {
        this.callback = callback;
        this.acknowledgements = acknowledgements;
        this.timestamp = timestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
    }

    static RecordCompletion of(SerializedRecord record, Callback callback) {
        return of(record, callback, null);
    }

    static RecordCompletion of(SerializedRecord record, Callback callback, Acknowledgements acknowledgements) {
        return new RecordCompletion(callback, acknowledgements, record.timestamp(), record.keySize(),
                record.valueSize());
    }

    /** The future send() returns for the record. */
    CompletableFuture<RecordMetadata> future() {
        return this;
    }

    /** @param logAppendTime the broker's append time, or -1 when the topic uses CreateTime */
    void succeed(String topic, int partition, long offset, long logAppendTime) {
        RecordMetadata metadata = new RecordMetadata(topic, partition, offset,
                logAppendTime >= 0 ? logAppendTime : timestamp, keySize, valueSize);
        if (acknowledgements != null) {
            acknowledgements.onAcknowledgement(metadata, null);
        }
        complete(metadata);
        runCallback(metadata, null);
    }

    /** @param partition the record's partition, or -1 when it failed before one was chosen */
    void fail(String topic, int partition, Exception error) {
        if (acknowledgements != null) {
            acknowledgements.onAcknowledgement(new RecordMetadata(topic, partition, -1, -1, keySize, valueSize),
                    error);
        }
        completeExceptionally(error);
        runCallback(null, error);
    }

    private void runCallback(RecordMetadata metadata, Exception error) {
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
