package io.petrel.producer;

import io.petrel.client.ClientException;

/**
 * Another producer with the same {@code transactional.id} has started (called {@code initTransactions()}), so
 * the coordinator fenced this one off: it can neither commit nor abort, and every later transactional call
 * throws this again. Close the producer; the newer one carries on. Not retriable.
 */
public class ProducerFencedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(message);
    }

    public ProducerFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
