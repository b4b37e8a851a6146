package io.petrel.broker.internal.log;

import io.petrel.broker.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@value #FILE} file of a partition directory: the log start offset as decimal text, written
 * (atomically) when retention advances it, before the segments below it are deleted, and read when the
 * log is loaded. A missing or unreadable checkpoint is not an error: the first segment's base offset is
 * the start then.
 */
final class LogStartOffsetCheckpoint {
    static final String FILE = "log-start-offset";

    private static final Logger log = LoggerFactory.getLogger(LogStartOffsetCheckpoint.class);

    private LogStartOffsetCheckpoint() {
    }

    /** The checkpointed log start offset of the log in {@code dir}, or -1 when there is none usable. */
    static long read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            log.debug("{}: no log start offset checkpoint ({}); the first segment's base offset is the start",
                    dir.getFileName(), e.getMessage());
            return -1;
        }
        try {
            long offset = Long.parseLong(text);
            if (offset >= 0) {
                return offset;
            }
            log.warn("{}: ignoring log start offset checkpoint {}: {} is negative", dir.getFileName(), file, offset);
        } catch (NumberFormatException e) {
            log.warn("{}: ignoring log start offset checkpoint {}: '{}' is not an offset", dir.getFileName(), file,
                    text, e);
        }
        return -1;
    }

    /** Replaces the checkpoint of the log in {@code dir}. */
    static void write(Path dir, long offset) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
