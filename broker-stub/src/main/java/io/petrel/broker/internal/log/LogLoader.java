package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.broker.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a partition directory back to a log that can be appended to, as Kafka's LogLoader does: what a
 * {@link PartitionLog} starts from.
 *
 * <p>How it works: leftovers of interrupted writes and indexes without their segment are deleted; every
 * segment but the last is opened as closed (they were forced on roll, so their indexes are trusted when
 * they look sound and rebuilt otherwise); the last, active segment is {@linkplain LogSegment#recover
 * recovered}, cut at its first torn or corrupt batch. The log start offset comes from its checkpoint,
 * kept within the segments. Producer state is loaded from its snapshot and brought up to date by
 * replaying the batch headers after the snapshot's offset (the whole log when the snapshot is missing,
 * damaged or ahead of the recovered end), and a snapshot at the log end is written when the old one was
 * behind, so the next open need not replay again. If any step fails, the segments opened so far are
 * closed.
 */
final class LogLoader {
    /** A cleaned segment complete and about to replace the segments it was cleaned from. */
    static final String SWAP_SUFFIX = ".swap";
    /** A segment file replaced by a cleaned one, deleted once the swap is done. */
    static final String DELETED_SUFFIX = ".deleted";

    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);
    private static final Pattern SEGMENT_FILE = Pattern.compile("(\\d{20})(" + Pattern.quote(LogSegment.LOG_SUFFIX)
            + "|" + Pattern.quote(LogSegment.INDEX_SUFFIX) + "|" + Pattern.quote(LogSegment.TIME_INDEX_SUFFIX) + ")");

    /**
     * A loaded log. Its producer state snapshot is at {@code logEndOffset}.
     *
     * @param segments by base offset, the last one active
     */
    record LoadedLog(NavigableMap<Long, LogSegment> segments, long logStartOffset, long logEndOffset,
                     ProducerStateTable producers) {
    }

    private final Path dir;
    private final String name;
    private final LogConfig config;
    private final Clock clock;
    private final NavigableMap<Long, LogSegment> segments = new TreeMap<>();

    private LogLoader(Path dir, LogConfig config, Clock clock) {
        this.dir = dir;
        this.name = String.valueOf(dir.getFileName());
        this.config = config;
        this.clock = clock;
    }

    /**
     * Loads the log in {@code dir}, which must exist.
     *
     * @param clock the wall clock, which a recovered active segment's age toward segment.ms is bounded by
     */
    static LoadedLog load(Path dir, LogConfig config, Clock clock) throws IOException {
        LogLoader loader = new LogLoader(dir, config, clock);
        try {
            return loader.load();
        } catch (IOException | RuntimeException e) {
            loader.closeSegments(e);
            throw e;
        }
    }

    private LoadedLog load() throws IOException {
        finishInterruptedCleaning();
        TreeMap<Long, Path> logFiles = listSegmentFiles();
        long checkpoint = LogStartOffsetCheckpoint.read(dir);
        long logEndOffset;
        if (logFiles.isEmpty()) {
            long base = Math.max(0, checkpoint);
            segments.put(base, LogSegment.create(dir, base));
            logEndOffset = base;
        } else {
            logEndOffset = openSegments(new ArrayList<>(logFiles.keySet()));
        }
        long logStartOffset = Math.min(Math.max(checkpoint, segments.firstKey()), logEndOffset);
        ProducerStateTable producers = new ProducerStateTable(name);
        recoverProducerState(producers, logStartOffset, logEndOffset);
        log.info("{}: opened with {} segment(s), offsets {} to {}, {} producer(s)", name, segments.size(),
                logStartOffset, logEndOffset, producers.size());
        return new LoadedLog(segments, logStartOffset, logEndOffset, producers);
    }

    /**
     * Completes or rolls back a cleaning a crash interrupted, as Kafka does: a {@code .cleaned} file was not
     * complete, so it goes; a {@code .deleted} file was already replaced, so it goes; a {@code .swap} file is a
     * complete cleaned segment: the segments whose base offsets it covers (its own base up to the offset after its
     * last batch) are the ones it replaces, so they go, and it takes its final name (its indexes are rebuilt when
     * it is opened).
     */
    private void finishInterruptedCleaning() throws IOException {
        List<Path> swaps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String file = p.getFileName().toString();
                if (file.endsWith(Cleaner.CLEANED_SUFFIX) || file.endsWith(DELETED_SUFFIX)) {
                    log.info("{}: deleting {}, left by an interrupted cleaning", name, file);
                    Files.delete(p);
                } else if (file.endsWith(LogSegment.LOG_SUFFIX + SWAP_SUFFIX)) {
                    swaps.add(p);
                }
            }
        }
        for (Path swap : swaps) {
            String logName = swap.getFileName().toString();
            logName = logName.substring(0, logName.length() - SWAP_SUFFIX.length());
            Matcher m = SEGMENT_FILE.matcher(logName);
            if (!m.matches()) {
                throw new IOException("Swap file " + swap + " is not named after a segment");
            }
            long base = parseBaseOffset(m.group(1));
            long end = Math.max(base + 1, nextOffsetOf(swap, base));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path p : files) {
                    Matcher old = SEGMENT_FILE.matcher(p.getFileName().toString());
                    if (old.matches()) {
                        long offset = parseBaseOffset(old.group(1));
                        if (offset >= base && offset < end) {
                            log.info("{}: deleting {}, replaced by the cleaned segment {}", name, p.getFileName(),
                                    swap.getFileName());
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.move(swap, dir.resolve(logName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("{}: completed the swap of cleaned segment {}", name, logName);
        }
        if (!swaps.isEmpty()) {
            AtomicFiles.forceDirectory(dir);
        }
    }

    /** The offset after the last whole batch of a segment file, or {@code base} when it has none. */
    private static long nextOffsetOf(Path segmentFile, long base) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(segmentFile)) {
            long next = base;
            BatchScanner scanner = new BatchScanner(ch, 0, Math.min(ch.size(), Integer.MAX_VALUE));
            for (SegmentBatch b = scanner.next(); b != null; b = scanner.next()) {
                if (b.header().sizeInBytes() < 0 || b.position() + b.header().sizeInBytes() > ch.size()) {
                    break;
                }
                next = b.header().nextOffset();
            }
            return next;
        }
    }

    /** The segment log files by base offset, after deleting temporary files and indexes without a log. */
    private TreeMap<Long, Path> listSegmentFiles() throws IOException {
        TreeMap<Long, Path> logFiles = new TreeMap<>();
        List<Path> indexFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String file = p.getFileName().toString();
                Matcher m = SEGMENT_FILE.matcher(file);
                if (file.endsWith(AtomicFiles.TMP_SUFFIX)) {
                    log.info("{}: deleting {}, left from an interrupted write", name, file);
                    Files.delete(p);
                } else if (m.matches() && m.group(2).equals(LogSegment.LOG_SUFFIX)) {
                    logFiles.put(parseBaseOffset(m.group(1)), p);
                } else if (m.matches()) {
                    indexFiles.add(p);
                }
            }
        }
        for (Path p : indexFiles) {
            Matcher m = SEGMENT_FILE.matcher(p.getFileName().toString());
            if (m.matches() && !logFiles.containsKey(parseBaseOffset(m.group(1)))) {
                log.warn("{}: deleting {}, an index without its segment", name, p.getFileName());
                Files.delete(p);
            }
        }
        return logFiles;
    }

    private long parseBaseOffset(String digits) throws IOException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IOException("Segment file name " + digits + " in " + dir + " is not an offset", e);
        }
    }

    /** Opens the closed segments and recovers the active one; returns the log end offset. */
    private long openSegments(List<Long> bases) throws IOException {
        int interval = config.indexIntervalBytes();
        for (int i = 0; i < bases.size() - 1; i++) {
            segments.put(bases.get(i), LogSegment.openClosed(dir, bases.get(i), bases.get(i + 1), interval));
        }
        long activeBase = bases.get(bases.size() - 1);
        LogSegment active = LogSegment.recover(dir, activeBase, interval);
        segments.put(activeBase, active);
        if (active.size() > 0) {
            // The segment's age counts from its first batch, unless that claims to come from the future.
            long now = clock.millis();
            long first = active.firstBatchMaxTimestamp();
            active.rollBaseMs(first >= 0 && first <= now ? first : now);
        }
        return active.nextOffset();
    }

    private void recoverProducerState(ProducerStateTable producers, long logStartOffset, long logEndOffset)
            throws IOException {
        long snapshot = producers.loadSnapshot(dir);
        long from;
        if (snapshot < 0 || snapshot > logEndOffset) {
            if (snapshot > logEndOffset) {
                log.warn("{}: producer state snapshot is at offset {}, past the recovered log end {}; rebuilding it",
                        name, snapshot, logEndOffset);
            }
            producers.clear();
            from = logStartOffset;
        } else {
            from = Math.max(snapshot, logStartOffset);
        }
        if (from < logEndOffset) {
            Long startKey = segments.floorKey(from);
            for (LogSegment s : segments.tailMap(startKey == null ? segments.firstKey() : startKey).values()) {
                s.forEachBatch(h -> {
                    if (h.baseOffset() >= from) {
                        producers.replay(h);
                    }
                });
            }
        }
        producers.removeBefore(logStartOffset);
        if (snapshot != logEndOffset) {
            producers.writeSnapshot(dir, logEndOffset);
        }
    }

    private void closeSegments(Exception failure) {
        for (LogSegment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
