package io.petrel.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;

/** A config name or value the broker refused (INVALID_CONFIG); the message names the resource and the broker's reason. */
public class InvalidConfigurationException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIG, message);
    }
}
