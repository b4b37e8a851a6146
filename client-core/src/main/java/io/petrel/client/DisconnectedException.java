package io.petrel.client;

/** The connection to a broker closed before its answer arrived; the request may or may not have been served. */
public class DisconnectedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public DisconnectedException(String message) {
        super(message);
    }

    public DisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
