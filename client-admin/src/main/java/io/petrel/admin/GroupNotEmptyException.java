package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A group still has members, so it or its offsets cannot be deleted (NON_EMPTY_GROUP); the message names it. */
public class GroupNotEmptyException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public GroupNotEmptyException(String message) {
        super(ErrorCode.NON_EMPTY_GROUP, message);
    }
}
