package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A group the call named does not exist (GROUP_ID_NOT_FOUND); the message names it. */
public class GroupIdNotFoundException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public GroupIdNotFoundException(String message) {
        super(ErrorCode.GROUP_ID_NOT_FOUND, message);
    }
}
