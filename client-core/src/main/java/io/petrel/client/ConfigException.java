package io.petrel.client;

/** A client setting is unknown, has a bad value, or contradicts another; the message names key, value and what is accepted. */
public class ConfigException extends ClientException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
