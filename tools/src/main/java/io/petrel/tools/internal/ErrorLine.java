package io.petrel.tools.internal;

import io.petrel.client.ClientException;

/**
 * The one line a failure is reported as on stderr. Failures the user can act on (a broker error, an
 * unreachable broker, a bad setting) are their message alone; anything else is a bug, reported with its type
 * and a hint that {@code --verbose} shows where it happened.
 */
public final class ErrorLine {
    private ErrorLine() {
    }

    public static String of(Throwable failure) {
        if (failure instanceof CommandFailedException || failure instanceof ClientException
                || failure instanceof io.petrel.serializers.SerializationException) {
            return firstLine(failure.getMessage());
        }
        if (failure instanceof IllegalArgumentException && failure.getMessage() != null) {
            return firstLine(failure.getMessage());
        }
        return "unexpected failure: " + failure + " (run with --verbose or PETREL_DEBUG=1 for details)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed with no message (run with --verbose for details)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
