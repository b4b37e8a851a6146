package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A topic or partition the call named does not exist (UNKNOWN_TOPIC_OR_PARTITION); the message names it. */
public class UnknownTopicOrPartitionException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message);
    }
}
