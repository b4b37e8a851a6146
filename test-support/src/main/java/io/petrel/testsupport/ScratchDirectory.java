package io.petrel.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Temporary directories for processes a test starts (a broker's configuration, data and log), that do not pile up
 * when a test JVM is killed before it can clean up.
 *
 * <p>{@link #create} writes an owner file naming this JVM (pid and start instant, as pids are reused);
 * {@link #deleteAbandoned} deletes the directories of a prefix whose owner is gone. Launchers call it before they
 * create a new one, so a killed run's leftovers go at the next run.
 */
public final class ScratchDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);
    private static final String OWNER_FILE = "owner";

    private ScratchDirectory() {
    }

    /** A new directory under java.io.tmpdir named {@code prefix} and a random suffix, owned by this JVM. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " "
                    + self.info().startInstant().map(Instant::toString).orElse("?") + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory " + prefix + "*", e);
        }
    }

    /** Deletes the directories under java.io.tmpdir named {@code prefix}* whose owning JVM has exited. Best effort. */
    public static void deleteAbandoned(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .filter(ScratchDirectory::abandoned)
                    .forEach(ScratchDirectory::deleteTree);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot list {} to delete abandoned {}* directories: {}", tmp, prefix, e.toString());
        }
    }

    /** Deletes {@code root} and everything under it; a file already gone is no error, other failures are logged. */
    public static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            LOG.debug("{} was gone already", root);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }

    private static boolean abandoned(Path dir) {
        String[] owner;
        try {
            owner = Files.readString(dir.resolve(OWNER_FILE)).trim().split(" ");
        } catch (IOException e) {
            return false; // Not ours, or being created right now.
        }
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // Alive: the same JVM only if it started at the same instant (pids are reused).
            Optional<String> started = process.get().info().startInstant().map(Instant::toString);
            return owner.length > 1 && started.isPresent() && !started.get().equals(owner[1]);
        } catch (NumberFormatException e) {
            return false; // Not an owner file of ours.
        }
    }
}
