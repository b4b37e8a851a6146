package io.petrel.tools.internal.perf;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a benchmark's progress every interval: on a terminal one line rewritten in place (carriage return),
 * elsewhere (a pipe, a log file, a test) one plain line each time, as kafka-producer-perf-test prints them.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final Supplier<String> line;
    private final ScheduledExecutorService timer;
    private int lastLength;
    private boolean closed;

    private ProgressLine(PrintWriter out, boolean terminal, Supplier<String> line, long intervalMs) {
        this.out = out;
        this.terminal = terminal;
        this.line = line;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "petrel-perf-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Starts printing {@code line} every {@code intervalMs} ms, in place when stdout is a terminal. */
    static ProgressLine start(PrintWriter out, Supplier<String> line, long intervalMs) {
        return new ProgressLine(out, System.console() != null, line, intervalMs);
    }

    private synchronized void print() {
        if (closed) {
            return;
        }
        String text = line.get();
        if (terminal) {
            out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
            lastLength = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Stops printing; on a terminal clears the progress line, so the summary starts on a clean line. */
    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
        }
        lastLength = 0;
    }
}
