package io.petrel.producer;

/**
 * Told once a record is acknowledged or has failed for good.
 *
 * <p>Callbacks run on the producer's sender thread ({@code petrel-producer-sender}), never while the producer
 * holds an internal lock, in the order the records of one partition were sent. That thread is also the
 * producer's network thread, as in kafka-clients: it writes the requests and reads the answers of every
 * connection of this producer. Keep callbacks short and never block in one: while a callback runs the producer
 * neither sends nor reads an answer, so a callback that waits for another record's acknowledgement, for
 * {@link Producer#flush}, or for metadata ({@link Producer#partitionsFor} of a topic not yet known) waits for
 * something only this thread could bring, and times out or hangs. Hand slow work to an executor of your own.
 * A callback may call {@link Producer#send}; if the buffer is full such a send fails at once instead of blocking
 * the thread that would free the buffer.
 */
@FunctionalInterface
public interface Callback {

    /**
     * @param metadata  where the record was written, or null when it failed
     * @param exception why it failed, or null when it was acknowledged
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
