package io.petrel.tools.internal;

/**
 * A command could not do what it was asked, for a reason the user can act on; its message is printed as
 * one line on stderr and the command exits with status 1.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
