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
 * <p>How it works: leftovers of interrupted writes and indexes without their segment are deleted; the
 * segments below the recovery point (the {@link OffsetCheckpoint#RECOVERY_POINT checkpoint} written once rolled
 * segments have been forced, and at the log end on a clean close) are opened as closed: their indexes are
 * trusted when they look sound and rebuilt otherwise. The segment holding the recovery point and every later
 * one, the active one included, are {@linkplain LogSegment#recover recovered}: checked batch by batch and cut at
 * the first torn or corrupt batch; the segments after a cut one are deleted. Without a recovery point every
 * segment is recovered. The log start offset comes from its checkpoint,
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
                     ProducerStateTable producers, long recoveryPoint) {
    }

    private final Path dir;
    private final String name;
    private final LogConfig config;
    private final Clock clock;
    private final NavigableMap<Long, LogSegment> segments = new TreeMap<>();
    /** The base offset of the first segment recovered: every segment below it is on disk. */
    private long recoveryPoint;

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
        long checkpoint = OffsetCheckpoint.LOG_START.read(dir);
        long logEndOffset;
        if (logFiles.isEmpty()) {
            long base = Math.max(0, checkpoint);
            segments.put(base, LogSegment.create(dir, base));
            logEndOffset = base;
            recoveryPoint = base;
        } else {
            long checkpointed = OffsetCheckpoint.RECOVERY_POINT.read(dir);
            logEndOffset = openSegments(new ArrayList<>(logFiles.keySet()), checkpointed);
            if (checkpointed > logEndOffset) {
                // A segment below it was cut: a new segment could start below it and be taken as forced.
                OffsetCheckpoint.RECOVERY_POINT.write(dir, recoveryPoint);
            }
        }
        long logStartOffset = Math.min(Math.max(checkpoint, segments.firstKey()), logEndOffset);
        ProducerStateTable producers = new ProducerStateTable(name);
        recoverProducerState(producers, logStartOffset, logEndOffset);
        log.info("{}: opened with {} segment(s), offsets {} to {}, {} producer(s)", name, segments.size(),
                logStartOffset, logEndOffset, producers.size());
        return new LoadedLog(segments, logStartOffset, logEndOffset, producers, recoveryPoint);
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

    /**
     * Opens the segments below the recovery point as closed (they were forced, so their indexes are trusted
     * when they look sound) and recovers the others: each is checked batch by batch and cut at its first torn
     * or corrupt batch, and when one is cut the segments after it are deleted, since the log must not continue
     * past a hole. Returns the log end offset.
     */
    private long openSegments(List<Long> bases, long checkpointedRecoveryPoint) throws IOException {
        int interval = config.indexIntervalBytes();
        int firstUnflushed = firstUnflushed(bases, checkpointedRecoveryPoint);
        this.recoveryPoint = bases.get(firstUnflushed);
        for (int i = 0; i < firstUnflushed; i++) {
            segments.put(bases.get(i), LogSegment.openClosed(dir, bases.get(i), bases.get(i + 1), interval));
        }
        for (int i = firstUnflushed; i < bases.size(); i++) {
            LogSegment s = LogSegment.recover(dir, bases.get(i), interval);
            segments.put(bases.get(i), s);
            boolean last = i == bases.size() - 1;
            if (!last && s.wasCut()) {
                deleteSegmentsAfter(s, bases.subList(i + 1, bases.size()));
                break;
            }
            if (!last) {
                s.seal();
            }
        }
        LogSegment active = segments.lastEntry().getValue();
        if (active.size() > 0) {
            // The segment's age counts from its first batch, unless that claims to come from the future.
            long now = clock.millis();
            long first = active.firstBatchMaxTimestamp();
            active.rollBaseMs(first >= 0 && first <= now ? first : now);
        }
        return active.nextOffset();
    }

    /**
     * The index of the segment holding the recovery point: it and every later one may hold bytes that never
     * reached the disk. 0 (every segment) without a usable recovery point; never past the active segment.
     */
    private static int firstUnflushed(List<Long> bases, long recoveryPoint) {
        int index = 0;
        for (int i = 0; i < bases.size(); i++) {
            if (bases.get(i) <= recoveryPoint) {
                index = i;
            }
        }
        return index;
    }

    private void deleteSegmentsAfter(LogSegment cut, List<Long> later) throws IOException {
        log.warn("{}: segment {} was cut at offset {}; deleting the {} segment(s) after it", name, cut,
                cut.nextOffset(), later.size());
        for (long base : later) {
            for (String suffix : LogSegment.SUFFIXES) {
                Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, suffix)));
            }
            Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, TransactionIndex.SUFFIX)));
        }
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
