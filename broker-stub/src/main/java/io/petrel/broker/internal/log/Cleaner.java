package io.petrel.broker.internal.log;

import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compacts one partition log once, as Kafka's cleaner does: keeps the last record of every key.
 *
 * <p>How it works. The dirty section runs from the first dirty offset (the cleaner checkpoint) to the first
 * uncleanable offset: the active segment's base, or earlier, the first segment holding a record younger than
 * {@code min.compaction.lag.ms}. The latest offset of every key in the dirty section goes into an offset map,
 * bounded by the dedupe buffer (it stops at a segment boundary when full). Then every segment below the
 * mapped end is rewritten, in groups of consecutive segments that fit in one {@code segment.bytes}: a record
 * stays when no later offset has its key; a tombstone (null value) stays until its batch's delete horizon,
 * which the first cleaning that keeps it sets to now + {@code delete.retention.ms} (batch attribute bit 6,
 * baseTimestamp holding the horizon, as Kafka 4 writes it). Batches keep their base and last offsets (nothing
 * is renumbered); a batch whose records all stay and that needs no horizon is copied byte for byte; an
 * idempotent producer's last batch whose records all go is kept as an empty batch, so its last sequence
 * stays in the log. Each group's output is written to {@code <base>.log.cleaned}, forced, and swapped in by
 * {@link PartitionLog#replaceSegments}. Transactions as Kafka's cleaner treats them, in part: nothing from the
 * segment holding the last stable offset on is cleaned, aborted transactions' data is discarded (and never
 * supersedes a committed record); a transaction marker whose transaction has no data left in the log
 * ({@link CleanedTransactions}) gets a delete horizon (now + {@code delete.retention.ms}) and is removed by a
 * cleaning after it (kept as an empty batch when it is its producer's last batch), as Kafka's cleaner does.
 */
final class Cleaner {
    static final String CLEANED_SUFFIX = ".cleaned";

    private static final Logger log = LoggerFactory.getLogger(Cleaner.class);
    /** What a map entry is taken to cost beside its key bytes (Kafka budgets 24 bytes a slot). */
    private static final int ENTRY_OVERHEAD = 24;

    /**
     * What one cleaning did.
     *
     * @param firstDirtyOffset the dirty section's start
     * @param endOffset        where the next cleaning's dirty section starts (the new checkpoint)
     * @param recordsRemoved   records dropped
     * @param bytesBefore      bytes of the rewritten segments before
     * @param bytesAfter       and after
     */
    record Result(long firstDirtyOffset, long endOffset, long recordsRemoved, long bytesBefore, long bytesAfter) {
    }

    /** How big the dirty section is, as the cleaner picks logs to clean. */
    record Dirtiness(long firstDirtyOffset, long firstUncleanableOffset, long cleanBytes, long cleanableBytes,
                     boolean needCompactionNow) {
        double ratio() {
            long total = cleanBytes + cleanableBytes;
            return total == 0 ? 0 : (double) cleanableBytes / total;
        }
    }

    private final long dedupeBufferBytes;

    Cleaner(long dedupeBufferBytes) {
        this.dedupeBufferBytes = dedupeBufferBytes;
    }

    /** How dirty {@code partitionLog} is, given the checkpointed first dirty offset (-1 when none) and the time. */
    static Dirtiness dirtiness(PartitionLog partitionLog, CompactionConfig cfg, long checkpoint, long now)
            throws IOException {
        List<LogSegment> segments = partitionLog.segmentsForCleaning();
        long logStart = partitionLog.logStartOffset();
        LogSegment active = segments.get(segments.size() - 1);
        long firstDirty = checkpoint < logStart || checkpoint > active.baseOffset() ? logStart : checkpoint;
        long firstUncleanable = active.baseOffset();
        // Nothing at or above the last stable offset is cleaned (an open transaction may still abort): stop at the
        // segment holding it.
        long lso = partitionLog.lastStableOffset();
        for (LogSegment s : segments) {
            if (s.baseOffset() <= lso && lso < nextBase(segments, s)) {
                firstUncleanable = Math.min(firstUncleanable, s.baseOffset());
            }
        }
        long earliestDirtyTimestamp = Long.MAX_VALUE;
        long cleanBytes = 0;
        long cleanableBytes = 0;
        for (LogSegment s : segments) {
            if (s == active) {
                break;
            }
            long next = nextBase(segments, s);
            if (next <= firstDirty) {
                cleanBytes += s.size();
                continue;
            }
            if (cfg.minCompactionLagMs() > 0 && s.stats().maxTimestamp() > now - cfg.minCompactionLagMs()) {
                firstUncleanable = Math.min(firstUncleanable, Math.max(s.baseOffset(), firstDirty));
            }
            if (s.firstBatchMaxTimestamp() > 0) {
                earliestDirtyTimestamp = Math.min(earliestDirtyTimestamp, s.firstBatchMaxTimestamp());
            }
            if (s.baseOffset() < firstUncleanable) {
                cleanableBytes += s.size();
            }
        }
        long maxLag = Math.max(cfg.maxCompactionLagMs(), 0);
        boolean needNow = earliestDirtyTimestamp != Long.MAX_VALUE && now - maxLag > earliestDirtyTimestamp;
        return new Dirtiness(firstDirty, firstUncleanable, cleanBytes, cleanableBytes, needNow);
    }

    private static long nextBase(List<LogSegment> segments, LogSegment s) {
        int i = segments.indexOf(s);
        return i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : s.nextOffset();
    }

    /**
     * Cleans {@code partitionLog} from its start up to the end of the dirty section that fits in the offset
     * map. Returns null when there is nothing to clean.
     */
    Result clean(PartitionLog partitionLog, CompactionConfig cfg, Dirtiness dirty, long now) throws IOException {
        if (dirty.firstDirtyOffset() >= dirty.firstUncleanableOffset()) {
            return null;
        }
        List<LogSegment> segments = partitionLog.segmentsForCleaning();
        List<AbortedTransaction> aborted = partitionLog.abortedTransactions();
        OffsetMap map = buildOffsetMap(segments, dirty.firstDirtyOffset(), dirty.firstUncleanableOffset(), aborted);
        if (map.endOffset <= dirty.firstDirtyOffset()) {
            return null;
        }
        Map<Long, Long> producerLastOffsets = partitionLog.producerLastOffsets();
        CleanedTransactions transactions = new CleanedTransactions(aborted);
        long segmentBytes = LogSegment.capacity(partitionLog.config());
        long removed = 0;
        long before = 0;
        long after = 0;
        List<LogSegment> group = new ArrayList<>();
        long groupBytes = 0;
        for (LogSegment s : segments) {
            if (s.baseOffset() >= map.endOffset) {
                break;
            }
            if (!group.isEmpty() && groupBytes + s.size() > segmentBytes) {
                GroupResult g = cleanGroup(partitionLog, group, map, cfg, producerLastOffsets, aborted, transactions, now);
                removed += g.removed;
                before += groupBytes;
                after += g.bytes;
                group.clear();
                groupBytes = 0;
            }
            group.add(s);
            groupBytes += s.size();
        }
        if (!group.isEmpty()) {
            GroupResult g = cleanGroup(partitionLog, group, map, cfg, producerLastOffsets, aborted, transactions, now);
            removed += g.removed;
            before += groupBytes;
            after += g.bytes;
        }
        return new Result(dirty.firstDirtyOffset(), map.endOffset, removed, before, after);
    }

    /** Latest offset per key in the dirty section; {@link #endOffset} is where the mapped section ends. */
    private static final class OffsetMap {
        final Map<ByteBuffer, Long> latest = new HashMap<>();
        long bytes;
        long endOffset;
        long latestOffset = -1;
    }

    /** Whether a data batch belongs to an aborted transaction (Kafka's cleaner discards those). */
    private static boolean isAborted(RecordBatch batch, List<AbortedTransaction> aborted) {
        if (!batch.isTransactional() || batch.isControl()) {
            return false;
        }
        for (AbortedTransaction t : aborted) {
            if (t.producerId() == batch.producerId() && batch.baseOffset() >= t.firstOffset()
                    && batch.baseOffset() <= t.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    private OffsetMap buildOffsetMap(List<LogSegment> segments, long from, long to, List<AbortedTransaction> aborted)
            throws IOException {
        OffsetMap map = new OffsetMap();
        map.endOffset = from;
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment s = segments.get(i);
            long next = segments.get(i + 1).baseOffset();
            if (next <= from) {
                continue;
            }
            if (s.baseOffset() >= to) {
                break;
            }
            if (map.endOffset > from && map.bytes >= dedupeBufferBytes) {
                log.debug("{}: the offset map is full ({} bytes); cleaning up to offset {}", s, map.bytes,
                        map.endOffset);
                break;
            }
            s.forEachWholeBatch(bytes -> {
                RecordBatch batch = RecordBatch.wrap(bytes);
                if (batch.isControl() || isAborted(batch, aborted)) {
                    return;
                }
                for (Record r : records(s, batch)) {
                    if (r.offset() >= from && r.hasKey()) {
                        ByteBuffer key = ByteBuffer.wrap(r.keyBytes());
                        if (map.latest.put(key, r.offset()) == null) {
                            map.bytes += key.capacity() + ENTRY_OVERHEAD;
                        }
                        map.latestOffset = Math.max(map.latestOffset, r.offset());
                    }
                }
            });
            map.endOffset = next;
        }
        return map;
    }

    private record GroupResult(long removed, long bytes) {
    }

    private GroupResult cleanGroup(PartitionLog partitionLog, List<LogSegment> group, OffsetMap map,
                                   CompactionConfig cfg, Map<Long, Long> producerLastOffsets,
                                   List<AbortedTransaction> aborted, CleanedTransactions transactions, long now)
            throws IOException {
        long base = group.get(0).baseOffset();
        Path cleaned = partitionLog.dir().resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX) + CLEANED_SUFFIX);
        long[] removedAndWritten = new long[2];
        try (FileChannel out = FileChannel.open(cleaned, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (LogSegment s : group) {
                s.forEachWholeBatch(bytes -> {
                    RecordBatch batch = RecordBatch.wrap(bytes);
                    Filtered f;
                    if (batch.isControl()) {
                        f = filterMarker(s, batch, transactions, cfg, producerLastOffsets, now);
                    } else {
                        transactions.onDataBatch(batch);
                        f = isAborted(batch, aborted) ? discardAborted(batch, producerLastOffsets)
                                : filter(s, batch, map, cfg, producerLastOffsets, now);
                    }
                    removedAndWritten[0] += f.removed;
                    if (f.bytes != null) {
                        ByteBuffer b = f.bytes.duplicate();
                        while (b.hasRemaining()) {
                            removedAndWritten[1] += out.write(b);
                        }
                    }
                });
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(cleaned);
            throw e;
        }
        if (!partitionLog.replaceSegments(group, cleaned)) {
            Files.deleteIfExists(cleaned);
            log.info("{}: segments {} changed while being cleaned; the cleaning is dropped", partitionLog, group);
            return new GroupResult(0, 0);
        }
        return new GroupResult(removedAndWritten[0], removedAndWritten[1]);
    }

    /** @param bytes the batch to write, or null to drop it */
    private record Filtered(ByteBuffer bytes, long removed) {
    }

    private static Filtered filter(LogSegment s, RecordBatch batch, OffsetMap map, CompactionConfig cfg,
                                   Map<Long, Long> producerLastOffsets, long now) throws IOException {
        List<Record> kept = new ArrayList<>();
        int total = 0;
        boolean tombstones = false;
        for (Record r : records(s, batch)) {
            total++;
            if (retain(batch, r, map, now)) {
                kept.add(r);
                tombstones |= !r.hasValue();
            }
        }
        boolean needHorizon = tombstones && !batch.hasDeleteHorizon();
        if (kept.size() == total && !needHorizon) {
            return new Filtered(batch.buffer(), 0);
        }
        long removed = total - kept.size();
        if (kept.isEmpty()) {
            Long last = batch.hasProducerId() ? producerLastOffsets.get(batch.producerId()) : null;
            if (last != null && last == batch.lastOffset()) {
                return new Filtered(RecordBatchBuilder.emptyBatch(batch.baseOffset(), batch.lastOffset(),
                        batch.partitionLeaderEpoch(), batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                        batch.timestampType(), batch.maxTimestamp(), batch.isTransactional(), false), removed);
            }
            return new Filtered(null, removed);
        }
        RecordBatchBuilder b = new RecordBatchBuilder(batch.baseOffset())
                .compression(batch.compressionType())
                .timestampType(batch.timestampType())
                .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
                .transactional(batch.isTransactional())
                .partitionLeaderEpoch(batch.partitionLeaderEpoch())
                .lastOffset(batch.lastOffset());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            b.logAppendTime(batch.maxTimestamp());
        }
        if (needHorizon) {
            b.deleteHorizon(now + cfg.deleteRetentionMs());
        } else if (batch.hasDeleteHorizon()) {
            b.deleteHorizon(batch.deleteHorizonMs().getAsLong());
        }
        for (Record r : kept) {
            b.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
        }
        return new Filtered(b.build(), removed);
    }

    /**
     * A control batch: kept unless it is a transaction marker with no data of its transaction left; such a marker gets
     * a delete horizon at the first cleaning and goes at the first cleaning past it (as an empty batch when it is its
     * producer's last batch, so the producer's state survives).
     */
    private static Filtered filterMarker(LogSegment s, RecordBatch batch, CleanedTransactions transactions,
                                         CompactionConfig cfg, Map<Long, Long> producerLastOffsets, long now)
            throws IOException {
        List<Record> markers = records(s, batch);
        ControlRecordType type = markers.isEmpty() ? ControlRecordType.UNKNOWN : markerType(s, batch, markers.get(0));
        if (!transactions.onControlBatch(batch, type)) {
            return new Filtered(batch.buffer(), 0);
        }
        if (batch.hasDeleteHorizon() && batch.deleteHorizonMs().getAsLong() <= now) {
            Long last = producerLastOffsets.get(batch.producerId());
            if (last != null && last == batch.lastOffset()) {
                return new Filtered(RecordBatchBuilder.emptyBatch(batch.baseOffset(), batch.lastOffset(),
                        batch.partitionLeaderEpoch(), batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                        batch.timestampType(), batch.maxTimestamp(), batch.isTransactional(), true), markers.size());
            }
            return new Filtered(null, markers.size());
        }
        if (batch.hasDeleteHorizon()) {
            return new Filtered(batch.buffer(), 0);
        }
        RecordBatchBuilder b = new RecordBatchBuilder(batch.baseOffset())
                .timestampType(batch.timestampType())
                .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
                .transactional(batch.isTransactional())
                .control(true)
                .partitionLeaderEpoch(batch.partitionLeaderEpoch())
                .lastOffset(batch.lastOffset())
                .deleteHorizon(now + cfg.deleteRetentionMs());
        // A control batch's records sit at consecutive offsets from its base, as the builder numbers them.
        for (Record r : markers) {
            b.appendControl(r.timestamp(), markerType(s, batch, r), r.value());
        }
        return new Filtered(b.build(), 0);
    }

    private static ControlRecordType markerType(LogSegment s, RecordBatch batch, Record marker) throws IOException {
        try {
            return ControlRecordType.of(marker);
        } catch (ProtocolException e) {
            throw new IOException("Control batch at offset " + batch.baseOffset() + " of segment " + s
                    + " has an unreadable marker: " + e.getMessage(), e);
        }
    }

    /** An aborted transaction's batch goes, but as an empty batch when it is its producer's last, as in Kafka. */
    private static Filtered discardAborted(RecordBatch batch, Map<Long, Long> producerLastOffsets) {
        Long last = producerLastOffsets.get(batch.producerId());
        if (last != null && last == batch.lastOffset()) {
            return new Filtered(RecordBatchBuilder.emptyBatch(batch.baseOffset(), batch.lastOffset(),
                    batch.partitionLeaderEpoch(), batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                    batch.timestampType(), batch.maxTimestamp(), true, false), batch.recordCount());
        }
        return new Filtered(null, batch.recordCount());
    }

    /** Kafka's rule: the latest record of its key stays, a tombstone only until its batch's delete horizon. */
    private static boolean retain(RecordBatch batch, Record r, OffsetMap map, long now) {
        if (r.offset() > map.latestOffset) {
            return true;
        }
        if (!r.hasKey()) {
            return false;
        }
        Long latest = map.latest.get(ByteBuffer.wrap(r.keyBytes()));
        if (latest != null && latest > r.offset()) {
            return false;
        }
        return r.hasValue() || !batch.hasDeleteHorizon() || now < batch.deleteHorizonMs().getAsLong();
    }

    private static List<Record> records(LogSegment s, RecordBatch batch) throws IOException {
        List<Record> out = new ArrayList<>();
        try {
            for (Record r : batch) {
                out.add(r);
            }
        } catch (ProtocolException e) {
            throw new IOException("Batch at offset " + batch.baseOffset() + " of segment " + s
                    + " is unreadable: " + e.getMessage(), e);
        }
        return out;
    }
}
