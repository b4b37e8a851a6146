package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/** A broker answered with an error code; its name is the one Kafka's documentation uses. */
public class BrokerErrorException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode error;

    public BrokerErrorException(ErrorCode error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }

    @Override
    public boolean isRetriable() {
        return error.retriable();
    }
}
