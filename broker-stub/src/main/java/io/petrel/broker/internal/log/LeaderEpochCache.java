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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition's leader epochs, each with the offset its first record got, as Kafka's leader epoch cache keeps
 * them, persisted in the partition directory's {@value #FILE} file in Kafka's checkpoint format (a version line
 * {@code 0}, a count line, then one {@code epoch startOffset} line per epoch). OffsetForLeaderEpoch answers from
 * it: where an epoch ended, so a client that read up to some offset in an older epoch can tell whether the log
 * was truncated under it.
 *
 * <p>Kafka's rules: a new epoch at a start offset replaces every entry with an epoch as high or a start as late;
 * when the log start moves up, the entry that covers the new start begins there and older ones go; when a crash
 * cut the log's tail, entries starting past the new end go. A missing or unreadable file is rebuilt from the
 * partitionLeaderEpoch of the stored batches. Thread-safe; every change is written through before it returns.
 */
final class LeaderEpochCache {
    static final String FILE = "leader-epoch-checkpoint";
    /** Kafka's UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET. */
    static final int UNDEFINED_EPOCH = -1;
    static final long UNDEFINED_OFFSET = -1L;

    private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);
    private static final String VERSION = "0";
    /** Far more epochs than a partition here ever sees; bounds what a damaged file can make us allocate. */
    private static final int MAX_ENTRIES = 1_000_000;

    /** An epoch and the offset where it ended (or the log end for the current epoch). */
    record EpochEndOffset(int epoch, long endOffset) {
    }

    private final Path file;
    private final TreeMap<Integer, Long> epochs;

    private LeaderEpochCache(Path file, TreeMap<Integer, Long> epochs) {
        this.file = file;
        this.epochs = epochs;
    }

    /**
     * The cache of the log in {@code dir}: read from its file, or rebuilt from {@code storedEpochs} (each batch's
     * partitionLeaderEpoch and base offset, in offset order) when the file is missing or unreadable.
     */
    static LeaderEpochCache load(Path dir, StoredEpochs storedEpochs) throws IOException {
        Path file = dir.resolve(FILE);
        TreeMap<Integer, Long> read = read(file);
        LeaderEpochCache cache = new LeaderEpochCache(file, read == null ? new TreeMap<>() : read);
        if (read == null) {
            storedEpochs.forEach(cache::assignInMemory);
            cache.write();
        }
        return cache;
    }

    /** The (epoch, base offset) of stored batches, for rebuilding a lost checkpoint. */
    @FunctionalInterface
    interface StoredEpochs {
        void forEach(EpochVisitor visitor) throws IOException;
    }

    @FunctionalInterface
    interface EpochVisitor {
        void visit(int epoch, long baseOffset);
    }

    private static TreeMap<Integer, Long> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            if (lines.size() < 2 || !lines.get(0).trim().equals(VERSION)) {
                throw new IllegalArgumentException("expected version " + VERSION + " and a count on the first lines");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count < 0 || count > MAX_ENTRIES || lines.size() < 2 + count) {
                throw new IllegalArgumentException("count " + count + " does not match the " + (lines.size() - 2)
                        + " entry lines");
            }
            TreeMap<Integer, Long> epochs = new TreeMap<>();
            for (int i = 2; i < 2 + count; i++) {
                String[] parts = lines.get(i).trim().split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("line " + (i + 1) + " is not 'epoch offset': " + lines.get(i));
                }
                epochs.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
            return epochs;
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring leader epoch checkpoint {}: {}; rebuilding it from the stored batches", file,
                    e.getMessage());
            return null;
        }
    }

    /** The newest epoch, or {@value #UNDEFINED_EPOCH} when there is none. */
    synchronized int latestEpoch() {
        return epochs.isEmpty() ? UNDEFINED_EPOCH : epochs.lastKey();
    }

    /** The epochs and their start offsets, oldest first. */
    synchronized Map<Integer, Long> entries() {
        return new TreeMap<>(epochs);
    }

    /** Records that {@code epoch} starts at {@code startOffset}, replacing entries it supersedes, and persists. */
    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (assignInMemory(epoch, startOffset)) {
            write();
        }
    }

    private boolean assignInMemory(int epoch, long startOffset) {
        if (epoch < 0 || startOffset < 0) {
            return false;
        }
        Map.Entry<Integer, Long> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue() <= startOffset) {
            return false;
        }
        epochs.entrySet().removeIf(e -> e.getKey() >= epoch || e.getValue() >= startOffset);
        epochs.put(epoch, startOffset);
        return true;
    }

    /**
     * Kafka's endOffsetFor: the current epoch ends at the log end; an older one where the next known epoch
     * starts, reported under the newest known epoch not above it (or itself, when it is older than all); the
     * undefined epoch, or one newer than all, has no end offset.
     */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == UNDEFINED_EPOCH || epochs.isEmpty()) {
            return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
        return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(), higher.getValue());
    }

    /** The epoch the record at {@code offset} was written in, or {@value #UNDEFINED_EPOCH} before every entry. */
    synchronized int epochForOffset(long offset) {
        int found = UNDEFINED_EPOCH;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() > offset) {
                break;
            }
            found = e.getKey();
        }
        return found;
    }

    /** The log now starts at {@code logStartOffset}: the entry covering it begins there, older ones go. */
    synchronized void truncateFromStart(long logStartOffset) throws IOException {
        Integer covering = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() > logStartOffset) {
                break;
            }
            covering = e.getKey();
        }
        if (covering == null) {
            return;
        }
        Map<Integer, Long> older = epochs.headMap(covering, false);
        boolean changed = !older.isEmpty();
        older.clear();
        if (epochs.get(covering) < logStartOffset) {
            epochs.put(covering, logStartOffset);
            changed = true;
        }
        if (changed) {
            write();
        }
    }

    /** The log now ends at {@code logEndOffset} (a crash cut its tail): entries starting past it go. */
    synchronized void truncateFromEnd(long logEndOffset) throws IOException {
        if (epochs.values().removeIf(start -> start > logEndOffset)) {
            write();
        }
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(epochs.size()).append('\n');
        epochs.forEach((epoch, start) -> text.append(epoch).append(' ').append(start).append('\n'));
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
    }
}
