package io.petrel.broker.internal.log;

import io.petrel.protocol.ErrorCode;

import java.util.Objects;

/**
 * An append the log refused, with the Kafka error code the Produce response carries for the partition.
 * Nothing of a refused append is written. The message names the bad value and what was expected.
 */
public class LogAppendException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public LogAppendException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public LogAppendException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** The error to answer the partition with. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
