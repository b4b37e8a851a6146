package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A replication factor the broker refused (INVALID_REPLICATION_FACTOR); the message names the topic. */
public class InvalidReplicationFactorException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicationFactorException(String message) {
        super(ErrorCode.INVALID_REPLICATION_FACTOR, message);
    }
}
