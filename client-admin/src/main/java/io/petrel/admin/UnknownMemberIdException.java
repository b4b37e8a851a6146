package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A group member to remove is not in the group (UNKNOWN_MEMBER_ID); the message names it. */
public class UnknownMemberIdException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberIdException(String message) {
        super(ErrorCode.UNKNOWN_MEMBER_ID, message);
    }
}
