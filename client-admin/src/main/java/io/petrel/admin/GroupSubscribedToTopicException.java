package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** Offsets of a topic the group's members still consume cannot be deleted (GROUP_SUBSCRIBED_TO_TOPIC). */
public class GroupSubscribedToTopicException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public GroupSubscribedToTopicException(String message) {
        super(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, message);
    }
}
