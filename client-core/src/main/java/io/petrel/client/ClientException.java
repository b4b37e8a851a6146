package io.petrel.client;

/** The base of the exceptions Petrel's clients throw; {@link #isRetriable()} says whether trying again may help. */
public class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same operation may succeed if tried again. */
    public boolean isRetriable() {
        return false;
    }
}
