package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A partition count the broker refused (INVALID_PARTITIONS); the message names the topic. */
public class InvalidPartitionsException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public InvalidPartitionsException(String message) {
        super(ErrorCode.INVALID_PARTITIONS, message);
    }
}
