package io.petrel.broker.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the broker's small line-per-entry stores (ACLs, client quotas, SCRAM credentials): blank lines and
 * {@code #} comments are skipped, and a line its parser refuses fails the whole load with the file, the line
 * number and what the line should have been, so a damaged store stops the broker instead of silently losing
 * entries. The stores write these files with {@link AtomicFiles}.
 */
public final class LineFile {
    /** Takes one line; throws IllegalArgumentException saying what is wrong with it. */
    @FunctionalInterface
    public interface LineParser {
        void parse(String line);
    }

    private LineFile() {
    }

    /**
     * Hands each entry line of {@code file} to {@code parser}; nothing when the file does not exist.
     *
     * @param entryName what a line holds, for the error ("an ACL", "a client quota")
     */
    public static void read(Path file, String entryName, LineParser parser) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                parser.parse(line);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + lineNumber + " is not " + entryName + ": " + e.getMessage(), e);
            }
        }
    }
}
