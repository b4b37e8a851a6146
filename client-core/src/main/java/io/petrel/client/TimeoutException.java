package io.petrel.client;

/** An operation did not complete within its time limit; the message names the limit and the setting. */
public class TimeoutException extends ClientException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
