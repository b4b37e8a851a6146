package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A topic to create exists already (TOPIC_ALREADY_EXISTS); the message names it. */
public class TopicExistsException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public TopicExistsException(String message) {
        super(ErrorCode.TOPIC_ALREADY_EXISTS, message);
    }
}
