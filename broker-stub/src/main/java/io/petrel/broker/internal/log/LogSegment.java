package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment of a partition log: {@code <base offset, 20 digits>.log} holding whole record batches end
 * to end, with its sparse {@link OffsetIndex} ({@code .index}) and {@link TimeIndex} ({@code .timeindex}).
 *
 * <p>How it works: only the active segment is appended to, always at its committed size, under the
 * log's lock. After the bytes are written and indexed, the new size and greatest timestamp are
 * published in one volatile {@link Stats}, so a concurrent reader, which bounds every scan by the stats it
 * read first, only ever sees whole, indexed batches. The first batch of a segment is always indexed and
 * then one per {@code index.interval.bytes}, so a non-empty segment always has index entries and an
 * empty index beside a non-empty log is a sign of damage.
 *
 * <p>Opening: a closed (non-active) segment is trusted with its indexes when they look consistent and
 * rebuilt from its batch headers otherwise; the active segment is {@linkplain #recover recovered}: every
 * batch is checked (length, magic, offsets, CRC) and the file is cut at the first bad one, and its
 * indexes are rebuilt while at it, which also disposes of an index left longer than the log by a crash.
 * A rolled segment is forced to disk by the log's background flush, after which the log's recovery point
 * passes it; only segments below the recovery point are opened without a CRC check.
 */
final class LogSegment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final List<String> SUFFIXES = List.of(LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX);
    /** A segment file name's base offset width, as Kafka names them (a long has at most 19 digits). */
    private static final int OFFSET_DIGITS = 20;

    private static final Logger log = LoggerFactory.getLogger(LogSegment.class);

    /**
     * What readers see of the segment.
     *
     * @param size               bytes of whole, indexed batches
     * @param maxTimestamp       the greatest batch maxTimestamp, or -1 when the segment is empty
     * @param maxTimestampOffset base offset of the first batch with that timestamp, or -1 when empty
     */
    record Stats(int size, long maxTimestamp, long maxTimestampOffset) {
        static final Stats EMPTY = new Stats(0, -1, -1);
    }

    /** A batch being appended, in the order its bytes follow each other in the appended buffer. */
    record Appended(long baseOffset, long lastOffset, int sizeInBytes, long maxTimestamp) {
    }

    private final String name;
    private final long baseOffset;
    private final Path logFile;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private volatile Stats stats = Stats.EMPTY;

    // The appender's state; guarded by the owning log's lock.
    private long bytesSinceIndexEntry;
    private long rollBaseMs = -1;
    private long firstBatchMaxTimestamp = -1;
    private long nextOffset;
    private boolean cut;

    private LogSegment(Path dir, long baseOffset, boolean empty) throws IOException {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.name = dir.getFileName() + "/" + logFile.getFileName();
        this.nextOffset = baseOffset;
        FileChannel ch = null;
        OffsetIndex oi = null;
        TimeIndex ti = null;
        try {
            ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            oi = new OffsetIndex(dir.resolve(fileName(baseOffset, INDEX_SUFFIX)), baseOffset);
            ti = new TimeIndex(dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX)), baseOffset);
            if (empty) {
                ch.truncate(0);
                oi.clear();
                ti.clear();
            }
        } catch (IOException | RuntimeException e) {
            closeAll(e, ch, oi, ti);
            throw e;
        }
        this.channel = ch;
        this.offsetIndex = oi;
        this.timeIndex = ti;
    }

    /** Closes each resource that is not null, adding any failure to {@code failure} as suppressed. */
    private static void closeAll(Exception failure, Closeable... resources) {
        for (Closeable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** The bytes a segment may hold under {@code cfg}: segment.bytes, never past what an int position reaches. */
    static long capacity(LogConfig cfg) {
        return Math.min(cfg.segmentBytes(), Integer.MAX_VALUE);
    }

    /**
     * The file name of a segment file: the base offset (never negative) in 20 digits, zero-padded, then the suffix.
     * Padded by hand rather than with {@code String.format("%020d")}: a formatter's first {@code %d} sets up the
     * default locale's number symbols (the JDK's locale providers, ~40 classes), which an auto-created topic paid on
     * the event loop before its first record could be acknowledged; and the digits stay ASCII whatever the locale.
     */
    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(Math.max(0, OFFSET_DIGITS - digits.length())) + digits + suffix;
    }

    /** A new, empty segment (emptying any files left behind under its name). */
    static LogSegment create(Path dir, long baseOffset) throws IOException {
        return new LogSegment(dir, baseOffset, true);
    }

    /**
     * Opens a closed segment, followed by one starting at {@code nextBaseOffset}: its indexes are used as
     * they are when consistent, rebuilt from the batch headers otherwise.
     */
    static LogSegment openClosed(Path dir, long baseOffset, long nextBaseOffset, int indexIntervalBytes)
            throws IOException {
        LogSegment s = new LogSegment(dir, baseOffset, false);
        try {
            long size = s.channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("Segment " + s.name + " is " + size + " bytes, more than the "
                        + Integer.MAX_VALUE + " a segment may hold");
            }
            long offsetLimit = nextBaseOffset - baseOffset;
            if (s.offsetIndex.isConsistent(size, offsetLimit) && s.timeIndex.isConsistent(size, offsetLimit)) {
                s.stats = size == 0 ? Stats.EMPTY
                        : new Stats((int) size, s.timeIndex.lastTimestamp(), s.timeIndex.lastOffset());
                s.nextOffset = nextBaseOffset;
            } else {
                log.info("Rebuilding the indexes of segment {}: missing, empty or inconsistent with the log", s.name);
                s.scan(false, indexIntervalBytes);
                if (s.nextOffset > nextBaseOffset) {
                    log.warn("Segment {} ends at offset {}, but the next segment starts at {}", s.name,
                            s.nextOffset, nextBaseOffset);
                }
                s.seal();
                s.flush(true);
            }
        } catch (IOException | RuntimeException e) {
            s.closeAfter(e);
            throw e;
        }
        return s;
    }

    /**
     * Opens a segment that may not have reached the disk whole (the active one, or one at or above the recovery
     * point), checking every batch and cutting the file at the first torn or corrupt one, and rebuilds its
     * indexes. {@link #nextOffset()} then tells the offset after its last whole batch, {@link #wasCut()} whether
     * anything was dropped.
     */
    static LogSegment recover(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        LogSegment s = new LogSegment(dir, baseOffset, false);
        try {
            s.scan(true, indexIntervalBytes);
        } catch (IOException | RuntimeException e) {
            s.closeAfter(e);
            throw e;
        }
        return s;
    }

    private void closeAfter(Exception e) {
        closeAll(e, channel, offsetIndex, timeIndex);
    }

    /**
     * Walks the batches from the start, rebuilding both indexes. With {@code truncate}, every batch's CRC is
     * checked too and the file is cut at the first bad batch; without, a bad batch only ends the walk.
     */
    private void scan(boolean truncate, int indexIntervalBytes) throws IOException {
        offsetIndex.clear();
        timeIndex.clear();
        bytesSinceIndexEntry = 0;
        firstBatchMaxTimestamp = -1;
        long fileSize = channel.size();
        long scanEnd = Math.min(fileSize, Integer.MAX_VALUE);
        long expected = baseOffset;
        long validEnd = 0;
        String problem = null;
        ByteBuffer scratch = truncate ? ByteBuffer.allocate(64 * 1024) : null;
        BatchScanner scanner = new BatchScanner(channel, 0, scanEnd);
        Stats s = Stats.EMPTY;
        while (true) {
            SegmentBatch b = scanner.next();
            if (b == null) {
                if (validEnd < fileSize) {
                    problem = (fileSize - validEnd) + " bytes remain, too few for a whole batch";
                }
                break;
            }
            problem = check(b, expected, scanEnd, scratch);
            if (problem != null) {
                break;
            }
            RecordBatchHeader h = b.header();
            int size = (int) h.sizeInBytes();
            s = indexBatch(s, h.baseOffset(), (int) b.position(), size, h.maxTimestamp(), indexIntervalBytes);
            if (b.position() == 0) {
                firstBatchMaxTimestamp = h.maxTimestamp();
            }
            expected = h.nextOffset();
            validEnd = b.position() + size;
        }
        if (problem != null) {
            long dropped = fileSize - validEnd;
            if (truncate) {
                channel.truncate(validEnd);
                cut = true;
                log.warn("Recovering segment {}: dropped {} bytes from position {} (offset {} on): {}", name, dropped,
                        validEnd, expected, problem);
            } else {
                log.warn("Segment {} is damaged at position {} (offset {}): {}; the {} bytes from there are not read",
                        name, validEnd, expected, problem, dropped);
            }
        }
        nextOffset = expected;
        stats = s;
    }

    /** What is wrong with the batch, or null when it is whole, in place and (with a scratch buffer) has a good CRC. */
    private String check(SegmentBatch b, long expectedOffset, long end, ByteBuffer crcScratch) throws IOException {
        RecordBatchHeader h = b.header();
        long size = h.sizeInBytes();
        if (size < 0) {
            return "batchLength is " + h.batchLength() + ", expected at least " + RecordBatchHeader.MIN_BATCH_LENGTH;
        }
        if (b.position() + size > end) {
            return "batchLength " + h.batchLength() + " runs past the end of the file (" + (end - b.position())
                    + " bytes from the batch start)";
        }
        if (h.magic() != RecordBatch.MAGIC) {
            return "magic is " + h.magic() + ", expected " + RecordBatch.MAGIC;
        }
        if (h.baseOffset() < expectedOffset) {
            // Above is fine: compaction leaves gaps between batches.
            return "baseOffset is " + h.baseOffset() + ", expected at least " + expectedOffset;
        }
        if (h.lastOffsetDelta() < 0) {
            return "lastOffsetDelta is " + h.lastOffsetDelta() + ", expected 0 or more";
        }
        if (crcScratch != null) {
            long crc = BatchScanner.crcOf(channel, b.position(), size, crcScratch);
            if (crc != h.crc()) {
                return "CRC is " + h.crc() + ", but the batch's bytes give " + crc;
            }
        }
        return null;
    }

    /** Updates the indexes for a batch written at {@code position}; returns the stats with it included. */
    private Stats indexBatch(Stats s, long batchBaseOffset, int position, int size, long maxTimestamp,
                             int indexIntervalBytes) throws IOException {
        long maxTs = s.maxTimestamp();
        long maxTsOffset = s.maxTimestampOffset();
        if (maxTsOffset < 0 || maxTimestamp > maxTs) {
            maxTs = maxTimestamp;
            maxTsOffset = batchBaseOffset;
        }
        if (position == 0 || bytesSinceIndexEntry >= indexIntervalBytes) {
            offsetIndex.append(batchBaseOffset, position);
            timeIndex.maybeAppend(maxTs, maxTsOffset);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += size;
        return new Stats(position + size, maxTs, maxTsOffset);
    }

    /**
     * Appends the whole of {@code data} (its position to limit), made of {@code batches} in order, at the end
     * of the segment, indexes them and publishes the new size. On an I/O error the segment must not be
     * appended to again (the log goes offline; reopening recovers it).
     */
    void append(ByteBuffer data, List<Appended> batches, long nowMs, int indexIntervalBytes) throws IOException {
        Stats s = stats;
        int start = s.size();
        ByteBuffer src = data.duplicate();
        long pos = start;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        int position = start;
        for (Appended b : batches) {
            s = indexBatch(s, b.baseOffset(), position, b.sizeInBytes(), b.maxTimestamp(), indexIntervalBytes);
            if (position == 0) {
                firstBatchMaxTimestamp = b.maxTimestamp();
            }
            position += b.sizeInBytes();
            nextOffset = b.lastOffset() + 1;
        }
        if (rollBaseMs < 0) {
            rollBaseMs = nowMs;
        }
        stats = s;
    }

    /**
     * Whole batches from the one holding {@code offset}, bounded as {@link PartitionLog#read} says, none at or
     * past {@code endOffset}; null when no batch of this segment holds {@code offset}.
     */
    LogSlice read(long offset, long endOffset, int maxBytes, boolean minOneBatch) throws IOException {
        Stats s = stats;
        BatchScanner scanner = new BatchScanner(channel, offsetIndex.floorPosition(offset, s.size()), s.size());
        SegmentBatch b = scanner.next();
        while (b != null && b.header().lastOffset() < offset) {
            b = scanner.next();
        }
        if (b == null || b.header().baseOffset() >= endOffset) {
            return null;
        }
        long first = b.position();
        long total = 0;
        if (b.header().sizeInBytes() <= maxBytes) {
            // Batches up to an indexed batch start within reach are whole and below the end: skip their headers.
            int jump = offsetIndex.lastPositionWithin(first, first + maxBytes, endOffset);
            if (jump > 0 && jump <= s.size()) {
                total = jump - first;
                scanner = new BatchScanner(channel, jump, s.size());
                b = scanner.next();
            }
        }
        for (; b != null && b.header().baseOffset() < endOffset; b = scanner.next()) {
            long size = b.header().sizeInBytes();
            if (total + size > maxBytes) {
                if (total == 0 && minOneBatch) {
                    total = size;
                }
                break;
            }
            total += size;
        }
        return new LogSlice(channel, first, (int) total);
    }

    /** The first batch whose maxTimestamp is at least {@code timestamp}, or null. */
    SegmentBatch firstBatchAtOrAfter(long timestamp) throws IOException {
        Stats s = stats;
        if (s.maxTimestampOffset() < 0 || s.maxTimestamp() < timestamp) {
            return null;
        }
        long below = timeIndex.offsetBelow(timestamp);
        int start = below < 0 ? 0 : offsetIndex.floorPosition(below, s.size());
        BatchScanner scanner = new BatchScanner(channel, start, s.size());
        for (SegmentBatch b = scanner.next(); b != null; b = scanner.next()) {
            if (b.header().maxTimestamp() >= timestamp) {
                return b;
            }
        }
        return null;
    }

    /** The batch starting at {@code batchBaseOffset}, or null. */
    SegmentBatch batchStartingAt(long batchBaseOffset) throws IOException {
        Stats s = stats;
        BatchScanner scanner = new BatchScanner(channel, offsetIndex.floorPosition(batchBaseOffset, s.size()),
                s.size());
        for (SegmentBatch b = scanner.next(); b != null && b.header().baseOffset() <= batchBaseOffset;
             b = scanner.next()) {
            if (b.header().baseOffset() == batchBaseOffset) {
                return b;
            }
        }
        return null;
    }

    /** The whole batch whose header was read, in a new heap buffer. */
    ByteBuffer readBatch(SegmentBatch b) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) b.header().sizeInBytes());
        BatchScanner.readFully(channel, buf, b.position());
        if (buf.hasRemaining()) {
            throw new IOException("Segment " + name + " ends inside the batch at position " + b.position());
        }
        return buf.flip();
    }

    /** Calls {@code visitor} with each batch header from the start of the segment up to its committed size. */
    void forEachBatch(BatchVisitor visitor) throws IOException {
        BatchScanner scanner = new BatchScanner(channel, 0, stats.size());
        for (SegmentBatch b = scanner.next(); b != null; b = scanner.next()) {
            visitor.visit(b.header());
        }
    }

    /** Calls {@code visitor} with each batch (position and header) up to the committed size. */
    void forEachStoredBatch(StoredBatchVisitor visitor) throws IOException {
        BatchScanner scanner = new BatchScanner(channel, 0, stats.size());
        for (SegmentBatch b = scanner.next(); b != null; b = scanner.next()) {
            visitor.visit(b);
        }
    }

    /** Receives batches from {@link #forEachStoredBatch}. */
    interface StoredBatchVisitor {
        void visit(SegmentBatch batch) throws IOException;
    }

    /** Calls {@code visitor} with each whole batch, one at a time, up to the committed size (the cleaner's read). */
    void forEachWholeBatch(WholeBatchVisitor visitor) throws IOException {
        BatchScanner scanner = new BatchScanner(channel, 0, stats.size());
        for (SegmentBatch b = scanner.next(); b != null; b = scanner.next()) {
            visitor.visit(readBatch(b));
        }
    }

    /** Receives whole batches from {@link #forEachWholeBatch}. */
    interface WholeBatchVisitor {
        void visit(ByteBuffer batch) throws IOException;
    }

    /** Receives batch headers from {@link #forEachBatch}. */
    interface BatchVisitor {
        void visit(RecordBatchHeader header) throws IOException;
    }

    /**
     * Seals the segment as it stops being the active one: a last time index entry for its greatest timestamp.
     * Forcing it to disk is the caller's (the log's background flush), so that a roll does not wait for it.
     */
    void seal() throws IOException {
        Stats s = stats;
        if (s.maxTimestampOffset() >= 0) {
            timeIndex.maybeAppend(s.maxTimestamp(), s.maxTimestampOffset());
        }
    }

    /** Forces the log file, and the indexes too when {@code indexes}. */
    void flush(boolean indexes) throws IOException {
        channel.force(false);
        if (indexes) {
            offsetIndex.force();
            timeIndex.force();
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    /** Whether {@link #recover} dropped bytes: the segment ended in a torn or corrupt batch. */
    boolean wasCut() {
        return cut;
    }

    Stats stats() {
        return stats;
    }

    int size() {
        return stats.size();
    }

    /** The offset after the last batch, as recovery or the last append left it (appender's view). */
    long nextOffset() {
        return nextOffset;
    }

    /** When the clock started counting toward {@code segment.ms} for this segment, or -1 before its first append. */
    long rollBaseMs() {
        return rollBaseMs;
    }

    void rollBaseMs(long ms) {
        this.rollBaseMs = ms;
    }

    /** The first batch's maxTimestamp as recovery read it, or -1 for an empty segment. */
    long firstBatchMaxTimestamp() {
        return firstBatchMaxTimestamp;
    }

    /**
     * The time retention measures the segment's age from: its greatest record timestamp, or the log file's
     * modification time when no record has one.
     */
    long retentionTimestamp() throws IOException {
        long ts = stats.maxTimestamp();
        return ts >= 0 ? ts : Files.getLastModifiedTime(logFile).toMillis();
    }

    FileChannel channel() {
        return channel;
    }

    Path logFile() {
        return logFile;
    }

    int offsetIndexEntries() {
        return offsetIndex.entries();
    }

    int timeIndexEntries() {
        return timeIndex.entries();
    }

    /** Closes the log file and both indexes. */
    void close() throws IOException {
        IOException failure = new IOException("Closing segment " + name + " failed");
        closeAll(failure, offsetIndex, timeIndex, channel);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /**
     * Removes the segment's files. The log file's channel stays open for reads already under way (a slice
     * being sent); {@link #closeChannel()} closes it later.
     */
    void deleteFiles() throws IOException {
        offsetIndex.deleteFile();
        timeIndex.deleteFile();
        Files.deleteIfExists(logFile);
    }

    void closeChannel() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
