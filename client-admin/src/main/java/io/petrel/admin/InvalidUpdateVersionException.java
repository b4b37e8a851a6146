package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/**
 * A feature update the cluster refused (INVALID_UPDATE_VERSION): an unknown feature, a level outside what the
 * nodes support, a downgrade without a downgrade type; the message is the broker's, naming the feature.
 */
public class InvalidUpdateVersionException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public InvalidUpdateVersionException(String message) {
        super(ErrorCode.INVALID_UPDATE_VERSION, message);
    }
}
