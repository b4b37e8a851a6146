package io.petrel.interop;

import org.apache.kafka.common.utils.Exit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one of Kafka's command-line tools in this JVM, as a shell would run it: arguments, stdin, and what it
 * prints to stdout and stderr, with its exit code. The tools end with {@link Exit#exit}, which here ends
 * the tool (a non-zero code stops it at once) instead of the JVM, and register shutdown hooks through
 * {@link Exit#addShutdownHook}, which are kept so the caller can run them (ConsoleProducer closes its
 * producer in one).
 *
 * <p>System.in/out/err are process-wide, so one tool runs at a time.
 */
final class KafkaTools {
    private KafkaTools() {
    }

    /** A tool's main method. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    /** What a tool did. */
    record Run(String command, int exitCode, String out, String err, List<Runnable> shutdownHooks, long millis) {
        List<String> outLines() {
            return out.lines().toList();
        }

        /** For assertion messages. */
        String transcript() {
            return "$ " + command + "\n(exit " + exitCode + " after " + millis + " ms)\n--- stdout ---\n" + out
                    + "--- stderr ---\n" + err;
        }

        void runShutdownHooks() {
            shutdownHooks.forEach(Runnable::run);
        }
    }

    /** Thrown in place of exiting the JVM; an Error, so a tool's {@code catch (Exception e)} lets it through. */
    private static final class ExitCalled extends Error {
        final int code;

        ExitCalled(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }
    }

    static synchronized Run run(Main main, String stdin, String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        InputStream stdinBefore = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Runnable> hooks = new ArrayList<>();
        int[] firstExit = {Integer.MIN_VALUE};
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
        Exit.setExitProcedure((code, message) -> {
            if (firstExit[0] == Integer.MIN_VALUE) {
                firstExit[0] = code;
            }
            // exit(0) ends a tool that is done anyway, so returning is harmless; a failing tool must stop here.
            // TopicCommand exits from inside a catch-all (and then once more), so the first code is the one.
            if (code != 0) {
                throw new ExitCalled(code);
            }
        });
        Exit.setShutdownHookAdder((name, hook) -> hooks.add(hook));
        int exitCode = 0;
        long started = System.nanoTime();
        try {
            main.run(args);
        } catch (ExitCalled e) {
            exitCode = e.code;
        } catch (Exception e) {
            e.printStackTrace(System.err);
            exitCode = -1;
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(stdout);
            System.setErr(stderr);
            System.setIn(stdinBefore);
            Exit.resetExitProcedure();
            Exit.resetShutdownHookAdder();
        }
        if (firstExit[0] != Integer.MIN_VALUE) {
            exitCode = firstExit[0];
        }
        return new Run(String.join(" ", Arrays.asList(args)), exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), hooks, (System.nanoTime() - started) / 1_000_000);
    }
}
