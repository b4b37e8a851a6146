package io.petrel.broker.internal.handler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Hands out producer ids that are never handed out twice by one data directory, across restarts.
 *
 * <p>How it works: ids are taken from blocks of {@value #BLOCK_SIZE}. Before the first id of a block is
 * handed out, the start of the next block is written to {@value #FILE_NAME} (temp file, fsync, rename,
 * directory fsync), so after a crash or restart allocation resumes past every id that could have been
 * given out; at most one block's unused remainder is skipped.
 */
public final class ProducerIdAllocator {
    /** The file in the data directory that holds the first id not yet reserved. */
    public static final String FILE_NAME = "producer-ids";
    /** How many ids one write of the file reserves. */
    public static final int BLOCK_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(ProducerIdAllocator.class);

    private final Path file;
    private long next;
    private long reservedUntil;

    private ProducerIdAllocator(Path file, long next) {
        this.file = file;
        this.next = next;
        this.reservedUntil = next;
    }

    /** Opens the allocator of a data directory, resuming after every id it may have handed out before. */
    public static ProducerIdAllocator open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        Files.deleteIfExists(file.resolveSibling(FILE_NAME + ".tmp"));
        long next = 0;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            next = Long.parseLong(text);
            if (next < 0) {
                throw new IOException(file + " holds " + text + ": expected a producer id of at least 0");
            }
        } catch (NoSuchFileException e) {
            log.debug("No {} yet; producer ids start at 0", file);
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold a number: expected the next producer id block", e);
        }
        return new ProducerIdAllocator(file, next);
    }

    /** A producer id no earlier call, in this run or any before, has returned. */
    public synchronized long next() throws IOException {
        if (next == reservedUntil) {
            reserve(next + BLOCK_SIZE);
        }
        return next++;
    }

    private void reserve(long until) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        ByteBuffer bytes = ByteBuffer.wrap((until + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                throw e;
            }
            // Windows cannot open a directory as a channel; its renames are durable by other means.
            log.debug("Cannot force the directory of {} on this platform", file, e);
        }
        reservedUntil = until;
    }
}
