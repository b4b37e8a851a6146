package io.petrel.producer;

import io.petrel.client.ClientException;

/**
 * The record was never sent: its transaction was aborted (by {@code abortTransaction()}, or because the
 * transaction had failed) while the record still waited in the producer. Its future fails with this; send it
 * again in the next transaction if it is still wanted.
 */
public class TransactionAbortedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public TransactionAbortedException(String message) {
        super(message);
    }

    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
