package io.petrel.producer;

/**
 * Told once a record is acknowledged or has failed for good.
 *
 * <p>Callbacks run on the producer's sender thread, never while the producer holds an internal lock,
 * in the order the records of one partition were sent. Keep them short: the sender sends nothing while
 * a callback runs. A callback may call {@link Producer#send}; if the buffer is full such a send fails at
 * once instead of blocking the thread that would free the buffer.
 */
@FunctionalInterface
public interface Callback {

    /**
     * @param metadata  where the record was written, or null when it failed
     * @param exception why it failed, or null when it was acknowledged
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
