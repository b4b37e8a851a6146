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
 * A file of a partition directory holding one offset as decimal text, replaced atomically and read when the
 * log is loaded. A missing or unreadable checkpoint is not an error: the loader falls back to the safe
 * assumption for it (the first segment's base offset as the start; recovering every segment).
 *
 * <ul>
 *   <li>{@link #LOG_START}: the log start offset, written when retention or DeleteRecords advances it, before the
 *       segments below it are deleted.</li>
 *   <li>{@link #RECOVERY_POINT}: the offset below which every segment is known to be on disk: written after
 *       rolled segments have been forced, and at the log end on a clean close. The loader checks every batch of
 *       the segments at or above it.</li>
 * </ul>
 */
enum OffsetCheckpoint {
    LOG_START("log-start-offset"),
    RECOVERY_POINT("recovery-point-offset");

    private static final Logger log = LoggerFactory.getLogger(OffsetCheckpoint.class);

    private final String file;

    OffsetCheckpoint(String file) {
        this.file = file;
    }

    String fileName() {
        return file;
    }

    /** The checkpointed offset of the log in {@code dir}, or -1 when there is none usable. */
    long read(Path dir) throws IOException {
        Path path = dir.resolve(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            log.debug("{}: no {} checkpoint ({})", dir.getFileName(), file, e.getMessage());
            return -1;
        }
        try {
            long offset = Long.parseLong(text);
            if (offset >= 0) {
                return offset;
            }
            log.warn("{}: ignoring checkpoint {}: {} is negative", dir.getFileName(), path, offset);
        } catch (NumberFormatException e) {
            log.warn("{}: ignoring checkpoint {}: '{}' is not an offset", dir.getFileName(), path, text, e);
        }
        return -1;
    }

    /** Replaces the checkpoint of the log in {@code dir}. */
    void write(Path dir, long offset) throws IOException {
        AtomicFiles.write(dir.resolve(file), ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
