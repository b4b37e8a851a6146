package io.petrel.broker.internal.topic;

import io.petrel.protocol.ErrorCode;

import java.util.Objects;

/**
 * A topic operation the registry refused, with the Kafka error code a response carries for it. The
 * message says what was wrong and what is expected, so it can go to the client as the error message.
 */
public class TopicException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public TopicException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** The error to answer with. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
