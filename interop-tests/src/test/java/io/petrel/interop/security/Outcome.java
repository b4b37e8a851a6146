package io.petrel.interop.security;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What one client call ended with, and how long it took: the error a caller saw (unwrapped from the
 * {@link ExecutionException} or {@link CompletionException} of a future), or none.
 *
 * @param error   what the call threw, or null if it returned
 * @param elapsed from the call until it returned or threw
 */
public record Outcome(Throwable error, Duration elapsed) {
    /** A call that may throw anything. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} and records how it ended. */
    public static Outcome of(Call call) {
        long start = System.nanoTime();
        Throwable error = null;
        try {
            call.run();
        } catch (Exception e) {
            error = unwrap(e);
        }
        return new Outcome(error, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The error's message, its causes' messages after it, for assertions on what a user reads. */
    public String messages() {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return error == null ? "no error after " + elapsed.toMillis() + " ms"
                : messages() + "after " + elapsed.toMillis() + " ms";
    }
}
