package io.petrel.tools;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Runs {@code petrel} in this JVM with stdin given and stdout/stderr captured, as a shell would see it. */
final class Cli {
    private Cli() {
    }

    /** What a run printed and returned. */
    record Run(String command, int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        String transcript() {
            return "$ petrel " + command + "\n(exit " + exitCode + ")\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }

        /** Exit 0 and nothing on stderr. */
        Run assertOk() {
            assertEquals(0, exitCode, transcript());
            assertEquals("", err, transcript());
            return this;
        }

        /**
         * The given exit status and exactly one line on stderr, starting with the command's name, with no
         * stack trace or exception class in it; returns that line.
         */
        String assertOneLineError(int expectedExit) {
            assertEquals(expectedExit, exitCode, transcript());
            List<String> lines = errLines();
            assertEquals(1, lines.size(), transcript());
            String line = lines.get(0);
            assertFalse(line.contains("Exception"), transcript());
            assertFalse(err.contains("\tat "), transcript());
            assertFalse(line.isBlank(), transcript());
            return line;
        }
    }

    static Run run(String... args) {
        return runWithInput("", args);
    }

    static Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Petrel.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(String.join(" ", args), code, out.toString(), err.toString());
    }
}
