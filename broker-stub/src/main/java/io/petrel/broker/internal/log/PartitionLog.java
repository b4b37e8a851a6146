package io.petrel.broker.internal.log;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * The durable log of one partition, laid out on disk as Kafka lays it out: a directory of
 * {@link LogSegment segments} named by base offset, each a {@code .log} of record batches v2 with a sparse
 * {@code .index} and {@code .timeindex}, plus a {@code log-start-offset} checkpoint and a
 * {@code producer-state.snapshot}.
 *
 * <p>How it works. Appends are serialized by one lock: the batches of a Produce entry are validated as
 * received by the {@link LogValidator} (framing, size, CRC, records), checked against the
 * {@link ProducerStateTable idempotent producer state}, then given offsets and (for LogAppendTime) the
 * broker's time in place, and written in one positional write to the active segment, rolled first when it would pass {@code segment.bytes} or is
 * older than {@code segment.ms}. Everything that can refuse an append runs before the first byte is
 * written, so a refused append leaves no trace. Reads take no lock: segments sit in a concurrent map,
 * and the log end offset is published (volatile) only after the segment has published its new size, so a
 * reader that reads the end offset first and bounds its scan by it only sees whole, indexed batches.
 * Retention deletes whole non-active segments; the channel of a deleted segment stays open a minute for
 * slices already handed to the network layer.
 *
 * <p>Recovery on {@link #open} is the {@link LogLoader}'s: every segment at or above the recovery point is cut at
 * its first torn or corrupt batch and producer state is brought up to the log end. Durability follows the
 * {@link FlushPolicy}; whatever it is, a rolled segment is forced by a background task on the flusher executor
 * (never on the appending thread, for 1 GiB of dirty pages takes seconds to force), after which the durable
 * recovery point moves up to the new active segment's base offset; everything is forced on {@link #close},
 * which records the log end as the recovery point. At most one flush task per log is queued: a roll while one
 * waits raises its target. The task forces outside the log's lock; a segment that retention, the cleaner or a
 * close took away meanwhile is skipped (its flush is moot), and nothing is recorded once the log is closed.
 *
 * <p>Two clocks: the wall clock stamps LogAppendTime and judges {@code segment.ms} and {@code retention.ms}
 * against record timestamps, as Kafka does; the flush interval and how long a deleted segment's channel
 * stays open are elapsed time, measured on a {@link MonotonicClock} so a wall-clock step cannot skip or
 * stall them.
 *
 * <p>Leader epochs: this single node leads every partition, and each {@link #open} is a new leadership term, as
 * a restart is for a Kafka node: a new partition starts at epoch 0, a reopened one takes the next epoch from its
 * {@link LeaderEpochCache} at its log end. Batches are stamped with the current epoch; the cache answers
 * OffsetForLeaderEpoch. Control batches are accepted (the broker's own transaction markers
 * go through here), as are producer batches' baseOffsets other than 0 (they are overwritten).
 */
public final class PartitionLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);
    /** How long a deleted segment's channel stays open for reads already handed out. */
    private static final long RETIRED_CHANNEL_GRACE_MS = 60_000;

    /**
     * What an append did.
     *
     * @param baseOffset     the first offset assigned (for a duplicate: the original one)
     * @param lastOffset     the last offset assigned
     * @param logAppendTime  the broker time stamped on the batches, or -1 when the log keeps CreateTime
     * @param logStartOffset the log start offset after the append
     * @param duplicate      whether the batches repeated ones already appended, and nothing was written
     */
    public record AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset,
                               boolean duplicate) {
    }

    /**
     * Where a leader epoch ended, as OffsetForLeaderEpoch answers: -1 and -1 for an epoch this log cannot place
     * (undefined, or newer than any it knows).
     */
    public record EpochEndOffset(int epoch, long endOffset) {
    }

    /** A record's timestamp and offset, as ListOffsets answers. */
    public record TimestampOffset(long timestamp, long offset) {
    }

    /** @param sinceMs when it was deleted, on the monotonic clock */
    private record Retired(LogSegment segment, long sinceMs) {
    }

    private final Path dir;
    private final String name;
    private final LogValidator validator;
    private final Clock clock;
    private final MonotonicClock elapsed;
    private volatile LogConfig config;
    private final Object lock = new Object();
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final ProducerStateTable producers;
    private final TransactionIndex transactions;
    private final LeaderEpochCache leaderEpochs;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile boolean closed;
    /** Runs the forcing of rolled segments. */
    private final Executor flusher;
    /** Every segment below it is on disk; written to its checkpoint under {@link #checkpointLock}. */
    private volatile long recoveryPoint;
    /** Orders recovery point writes with close and delete (which set {@link #closed} first), apart from appends. */
    private final Object checkpointLock = new Object();

    // Guarded by lock. Times on the monotonic clock.
    /** The base offset the queued flush task forces segments below. */
    private long flushTarget;
    private boolean flushQueued;
    /** Producer state as of the last roll, for the flush task to write; null once taken. */
    private ByteBuffer rollSnapshot;
    private long rollSnapshotOffset;
    private long firstUnflushedMs = -1;
    /** The offset of the producer state snapshot on disk; guarded by checkpointLock, which orders its writers. */
    private long snapshotOffset;
    private final List<Retired> retired = new ArrayList<>();
    private IOException failure;

    private PartitionLog(Path dir, LogConfig config, Clock clock, LongSupplier nanoTime,
                         LogLoader.LoadedLog loaded, LeaderEpochCache leaderEpochs, Executor flusher) {
        this.dir = dir;
        this.name = String.valueOf(dir.getFileName());
        this.validator = new LogValidator(name);
        this.config = config;
        this.clock = clock;
        this.elapsed = new MonotonicClock(nanoTime);
        this.segments.putAll(loaded.segments());
        this.producers = loaded.producers();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.snapshotOffset = loaded.logEndOffset();
        this.transactions = new TransactionIndex(dir);
        this.leaderEpochs = leaderEpochs;
        this.flusher = flusher;
        this.recoveryPoint = loaded.recoveryPoint();
    }

    /**
     * As {@link #open(Path, LogConfig, Clock, LongSupplier, Executor)}, forcing rolled segments on the appending
     * thread as part of the roll.
     */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock, LongSupplier nanoTime)
            throws IOException {
        return open(dir, config, clock, nanoTime, Runnable::run);
    }

    /**
     * Opens (creating if absent) the partition directory, recovering it as the class comment says.
     *
     * @param clock    the wall clock: LogAppendTime, segment.ms, retention.ms
     * @param nanoTime a monotonic nanosecond source: the flush interval, the grace of deleted segments
     * @param flusher  runs the forcing of rolled segments (the broker's {@link LogFlusher}); a task it rejects
     *                 leaves them to the next roll's task or to {@link #close}
     */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock, LongSupplier nanoTime, Executor flusher)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(flusher, "flusher");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
        Files.createDirectories(dir);
        LogLoader.LoadedLog loaded = LogLoader.load(dir, config, clock);
        LeaderEpochCache epochs;
        try {
            epochs = LeaderEpochCache.load(dir, visitor -> {
                for (LogSegment s : loaded.segments().values()) {
                    s.forEachStoredBatch(b -> visitor.visit(b.header().partitionLeaderEpoch(), b.header().baseOffset()));
                }
            });
        } catch (IOException | RuntimeException e) {
            loaded.segments().values().forEach(PartitionLog::closeQuietly);
            throw e;
        }
        PartitionLog partitionLog = new PartitionLog(dir, config, clock, nanoTime, loaded, epochs, flusher);
        try {
            partitionLog.rebuildTransactions();
            partitionLog.beginLeadership();
        } catch (IOException | RuntimeException e) {
            partitionLog.closeSegments(null);
            throw e;
        }
        return partitionLog;
    }

    private static void closeQuietly(LogSegment segment) {
        try {
            segment.close();
        } catch (IOException e) {
            log.warn("Closing {} after a failed open failed too", segment, e);
        }
    }

    /**
     * A new leadership term: epochs the recovered log no longer covers are dropped, and the next epoch (0 for a
     * log that never had one) starts at the log end.
     */
    private void beginLeadership() throws IOException {
        leaderEpochs.truncateFromEnd(logEndOffset);
        leaderEpochs.truncateFromStart(logStartOffset);
        leaderEpochs.assign(leaderEpochs.latestEpoch() + 1, logEndOffset);
    }

    /** The current leader epoch: Metadata reports it, batches are stamped with it, clients' epochs are checked against it. */
    public int leaderEpoch() {
        return leaderEpochs.latestEpoch();
    }

    /** Where {@code epoch} ended (Kafka's endOffsetForEpoch): the log end for the current epoch. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        LeaderEpochCache.EpochEndOffset found = leaderEpochs.endOffsetFor(epoch, logEndOffset);
        return new EpochEndOffset(found.epoch(), found.endOffset());
    }

    /** The leader epoch the record at {@code offset} was written in (-1 if before every known epoch). */
    public int epochForOffset(long offset) {
        return leaderEpochs.epochForOffset(offset);
    }

    /**
     * Rebuilds the open and aborted transactions from the batches (reading only the markers' records), and
     * rewrites the {@code .txnindex} files to match, so an index entry lost in a crash is restored.
     */
    private void rebuildTransactions() throws IOException {
        for (LogSegment s : segments.values()) {
            long base = s.baseOffset();
            s.forEachStoredBatch(b -> {
                io.petrel.protocol.record.RecordBatchHeader h = b.header();
                boolean transactional = (h.attributes() & 0x10) != 0;
                if (h.producerId() < 0 || !transactional || h.baseOffset() < logStartOffset) {
                    return;
                }
                Optional<ControlRecordType> marker = Optional.empty();
                if (h.isControl()) {
                    marker = TransactionIndex.markerType(storedBatch(s, b));
                    if (marker.isEmpty()) {
                        return;
                    }
                }
                transactions.onBatch(h.producerId(), true, marker, h.baseOffset(), base, h.nextOffset());
            });
        }
        List<Long> bases = new ArrayList<>(segments.keySet());
        transactions.rewriteFiles(bases);
    }

    /**
     * Appends the record batches of one Produce partition entry, as received (never recompressed), and
     * answers with their offsets. See the class comment for what is checked; every refusal is a
     * {@link LogAppendException} carrying the error code for the Produce response, and leaves the log
     * untouched. The caller's buffer is rewritten in place (offsets, leader epoch, timestamps).
     *
     * @throws LogAppendException CORRUPT_MESSAGE (framing, CRC), INVALID_RECORD (magic 0/1, records),
     *                            MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, OUT_OF_ORDER_SEQUENCE_NUMBER,
     *                            INVALID_PRODUCER_EPOCH, DUPLICATE_SEQUENCE_NUMBER (some but not all batches
     *                            of the entry are duplicates)
     * @throws IOException        when the log is closed, or offline after an I/O error, or writing fails
     */
    public AppendResult append(ByteBuffer batches) throws IOException, LogAppendException {
        synchronized (lock) {
            ensureWritable();
            LogConfig cfg = config;
            ByteBuffer buf;
            if (batches.isReadOnly()) {
                buf = ByteBuffer.allocate(batches.remaining()).put(batches.duplicate()).flip();
            } else {
                buf = batches.duplicate();
            }
            List<LogValidator.ValidatedBatch> validated = validator.validate(buf, cfg);
            long now = clock.millis();
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;

            ProducerStateTable.Transaction txn = producers.begin();
            List<ProducerStateTable.BatchMetadata> duplicates = new ArrayList<>();
            long next = logEndOffset;
            for (LogValidator.ValidatedBatch v : validated) {
                RecordBatch b = v.batch();
                Optional<ProducerStateTable.BatchMetadata> duplicate = txn.check(b.producerId(), b.producerEpoch(),
                        b.baseSequence(), b.lastSequence(), b.isControl(), b.baseOffset());
                if (duplicate.isPresent()) {
                    duplicates.add(duplicate.get());
                    continue;
                }
                long last = next + b.lastOffsetDelta();
                txn.record(b.producerId(), b.producerEpoch(), b.baseSequence(), b.lastSequence(), b.isControl(), next,
                        last, logAppendTime ? now : v.maxTimestamp());
                next = last + 1;
            }
            if (!duplicates.isEmpty()) {
                return duplicateResult(duplicates, validated.size(), logAppendTime);
            }

            List<Optional<ControlRecordType>> markers = new ArrayList<>(validated.size());
            for (LogValidator.ValidatedBatch v : validated) {
                markers.add(v.batch().isControl() && v.batch().isTransactional()
                        ? TransactionIndex.markerType(v.batch()) : Optional.empty());
            }
            List<LogSegment.Appended> appended = LogValidator.assignOffsets(validated, logEndOffset, leaderEpochs.latestEpoch(),
                    logAppendTime, now);
            long offset = appended.get(appended.size() - 1).lastOffset() + 1;

            LogSegment active = maybeRoll(buf.remaining(), offset - 1, now, cfg);
            try {
                active.append(buf, appended, now, cfg.indexIntervalBytes());
                if (cfg.flushPolicy() instanceof FlushPolicy.EveryAppend) {
                    active.flush(false);
                }
            } catch (IOException e) {
                failure = e;
                log.error("{}: writing offsets {} to {} to {} failed; the log is offline until reopened", name,
                        logEndOffset, offset - 1, active, e);
                throw e;
            }
            txn.commit();
            // Before the new end is published, so no reader sees transactional records without their
            // transaction holding the last stable offset back.
            for (int i = 0; i < validated.size(); i++) {
                RecordBatch b = validated.get(i).batch();
                Optional<AbortedTransaction> aborted = transactions.onBatch(b.producerId(), b.isTransactional(),
                        markers.get(i), appended.get(i).baseOffset(), active.baseOffset(),
                        appended.get(i).lastOffset() + 1);
                if (aborted.isPresent()) {
                    transactions.writeEntry(active.baseOffset(), aborted.get(),
                            cfg.flushPolicy() instanceof FlushPolicy.EveryAppend);
                }
            }
            long base = logEndOffset;
            logEndOffset = offset;
            if (cfg.flushPolicy() instanceof FlushPolicy.Interval) {
                long elapsedMs = elapsed.elapsedMillis();
                if (firstUnflushedMs < 0) {
                    firstUnflushedMs = elapsedMs;
                }
                flushIfDueLocked(elapsedMs);
            }
            return new AppendResult(base, offset - 1, logAppendTime ? now : -1, logStartOffset, false);
        }
    }

    private AppendResult duplicateResult(List<ProducerStateTable.BatchMetadata> duplicates, int batches,
                                         boolean logAppendTime) throws LogAppendException {
        ProducerStateTable.BatchMetadata first = duplicates.get(0);
        if (duplicates.size() < batches) {
            throw new LogAppendException(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, "The append to " + name + " has "
                    + duplicates.size() + " batch(es) already appended (sequence " + first.firstSeq() + " at offset "
                    + first.firstOffset() + ") among " + batches + "; expected all new or all duplicates");
        }
        ProducerStateTable.BatchMetadata last = duplicates.get(duplicates.size() - 1);
        log.debug("{}: duplicate of offsets {} to {}, not appended", name, first.firstOffset(), last.lastOffset());
        return new AppendResult(first.firstOffset(), last.lastOffset(), logAppendTime ? first.timestamp() : -1,
                logStartOffset, true);
    }

    /** The segment to append {@code appendSize} bytes ending at {@code lastOffset} to, rolling first if due. */
    private LogSegment maybeRoll(int appendSize, long lastOffset, long now, LogConfig cfg) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (active.size() == 0) {
            return active;
        }
        String reason;
        if ((long) active.size() + appendSize > LogSegment.capacity(cfg)) {
            reason = "its " + active.size() + " bytes and the " + appendSize + " appended would pass segment.bytes "
                    + LogSegment.capacity(cfg);
        } else if (active.rollBaseMs() >= 0 && now - active.rollBaseMs() > cfg.segmentMs()) {
            reason = "it is " + (now - active.rollBaseMs()) + " ms old, past segment.ms " + cfg.segmentMs();
        } else if (lastOffset - active.baseOffset() > Integer.MAX_VALUE) {
            reason = "offset " + lastOffset + " is too far above its base offset for the index";
        } else {
            return active;
        }
        active.seal();
        LogSegment next = LogSegment.create(dir, logEndOffset);
        segments.put(logEndOffset, next);
        log.debug("{}: rolled segment {} to a new one at offset {}: {}", name, active, logEndOffset, reason);
        // Written by the flush task: an fsync here would wait for the journal behind the rolled segment's pages.
        rollSnapshot = producers.snapshot(logEndOffset);
        rollSnapshotOffset = logEndOffset;
        queueFlushBelowLocked(logEndOffset);
        return next;
    }

    /** Has the flusher force the segments below {@code offset} (one queued task per log at most). */
    private void queueFlushBelowLocked(long offset) {
        flushTarget = Math.max(flushTarget, offset);
        if (flushQueued) {
            return;
        }
        flushQueued = true;
        try {
            flusher.execute(this::flushRolledSegments);
        } catch (RejectedExecutionException e) {
            flushQueued = false;
            log.debug("{}: the flusher is stopped; segments below offset {} are forced on close", name, offset, e);
        }
    }

    /** The flush task: forces the rolled segments not yet on disk, then records the new recovery point. */
    private void flushRolledSegments() {
        long target;
        List<LogSegment> due;
        ByteBuffer snapshot;
        long snapshotAt;
        synchronized (lock) {
            flushQueued = false;
            if (closed) {
                return;
            }
            target = flushTarget;
            due = segmentsBetween(recoveryPoint, target);
            snapshot = rollSnapshot;
            snapshotAt = rollSnapshotOffset;
            rollSnapshot = null;
        }
        try {
            forceAll(due, false);
        } catch (IOException e) {
            synchronized (lock) {
                if (failure == null && !closed) {
                    failure = e;
                }
            }
            log.error("{}: forcing the segments below offset {} failed; the log is offline until reopened", name,
                    target, e);
            return;
        }
        synchronized (checkpointLock) {
            if (closed) {
                return;
            }
            writeRollSnapshot(snapshot, snapshotAt);
            if (target <= recoveryPoint) {
                return;
            }
            try {
                recordRecoveryPoint(target);
            } catch (IOException e) {
                log.error("{}: recording recovery point {} failed; it stays at {}, so a reopen after a crash checks"
                        + " more segments", name, target, recoveryPoint, e);
            }
        }
    }

    /** Under checkpointLock: the producer state taken at a roll, unless a newer snapshot was written meanwhile. */
    private void writeRollSnapshot(ByteBuffer snapshot, long offset) {
        if (snapshot == null || offset <= snapshotOffset) {
            return;
        }
        try {
            ProducerStateTable.writeSnapshot(dir, snapshot);
            snapshotOffset = offset;
        } catch (IOException e) {
            log.warn("{}: writing the producer state snapshot at offset {} failed; a reopen replays from the last"
                    + " one, at offset {}", name, offset, snapshotOffset, e);
        }
    }

    /** The segments from the one holding {@code from} up to (not including) the one starting at {@code below}. */
    private List<LogSegment> segmentsBetween(long from, long below) {
        Long first = segments.floorKey(from);
        return List.copyOf(segments.headMap(below, false).tailMap(first == null ? Long.MIN_VALUE : first).values());
    }

    /**
     * Forces each segment with its indexes. A segment that retention or the cleaner took away meanwhile (its
     * channels closed) needs no flush and is skipped; so is every segment once the log was closed under a flush
     * task ({@code closing} false), for the close forces them itself.
     */
    private void forceAll(List<LogSegment> due, boolean closing) throws IOException {
        for (LogSegment s : due) {
            try {
                s.flush(true);
            } catch (ClosedChannelException e) {
                boolean moot = segments.get(s.baseOffset()) != s || (closed && !closing);
                if (!moot) {
                    throw e;
                }
                log.debug("{}: {} went while its flush was pending; skipped", name, s);
            }
        }
    }

    /** The bytes of all its segments' record batches, as DescribeLogDirs reports a partition's size. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    /** The offset of the first record still in the log. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The next offset to assign. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /**
     * The last stable offset: the first offset of the earliest transaction still open here, or the log end
     * when none is. read_committed readers see records below it only.
     */
    public long lastStableOffset() {
        TransactionIndex.State state = transactions.snapshot();
        return state.lastStableOffset(logEndOffset);
    }

    /**
     * The aborted transactions a read_committed fetch of {@code [from, upTo)} must report: those whose abort
     * marker is at or after {@code from} and whose first record is before {@code upTo}.
     */
    public List<AbortedTransaction> abortedTransactions(long from, long upTo) {
        List<AbortedTransaction> result = new ArrayList<>();
        for (AbortedTransaction t : transactions.snapshot().aborted()) {
            if (t.lastOffset() >= from && t.firstOffset() < upTo) {
                result.add(t);
            }
        }
        return result;
    }

    /** The producers with state in this partition (DescribeProducers). */
    public List<ActiveProducer> activeProducers() {
        synchronized (lock) {
            return producers.activeProducers(transactions.snapshot().ongoing());
        }
    }

    /** The producers with a transaction open in this partition, with the offset of its first record. */
    public Map<Long, Long> openTransactions() {
        return transactions.snapshot().ongoing();
    }

    /** The offset up to which records are committed: the log end offset on this single-node broker. */
    public long highWatermark() {
        return logEndOffset;
    }

    /**
     * Whole batches starting with the batch that contains {@code offset}, together at most
     * {@code maxBytes}; when the first batch alone is larger, that one batch if {@code minOneBatch}, else
     * nothing. Batches come from one segment only. An empty slice (sizeInBytes 0) at the log end.
     *
     * @throws OffsetOutOfRangeException when offset is below the log start offset or above the log end
     */
    public LogSlice read(long offset, int maxBytes, boolean minOneBatch) throws IOException, OffsetOutOfRangeException {
        return read(offset, maxBytes, minOneBatch, Long.MAX_VALUE);
    }

    /**
     * As {@link #read(long, int, boolean)}, but only batches that start below {@code upTo} (the last stable
     * offset for a read_committed fetch); an offset between {@code upTo} and the log end reads nothing.
     */
    public LogSlice read(long offset, int maxBytes, boolean minOneBatch, long upTo) throws IOException,
            OffsetOutOfRangeException {
        ensureOpen();
        long logEnd = logEndOffset;
        long end = Math.min(logEnd, upTo);
        long start = logStartOffset;
        if (offset < start || offset > logEnd) {
            throw new OffsetOutOfRangeException(offset, start, logEnd);
        }
        if (offset >= end) {
            LogSegment active = segments.lastEntry().getValue();
            return new LogSlice(active.channel(), active.size(), 0);
        }
        int limit = Math.max(0, maxBytes);
        for (Map.Entry<Long, LogSegment> e = segments.floorEntry(offset); e != null;
             e = segments.higherEntry(e.getKey())) {
            LogSlice slice = e.getValue().read(offset, end, limit, minOneBatch);
            if (slice != null) {
                return slice;
            }
        }
        throw new OffsetOutOfRangeException(offset, logStartOffset, logEndOffset);
    }

    /**
     * ListOffsets by timestamp: the first record at or after {@code timestamp}, found in the first batch whose
     * maxTimestamp is at least it; empty when no batch is that late.
     */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) throws IOException {
        ensureOpen();
        for (LogSegment s : segments.values()) {
            SegmentBatch h = s.firstBatchAtOrAfter(timestamp);
            if (h != null) {
                RecordBatch b = storedBatch(s, h);
                if (b.timestampType() == TimestampType.CREATE_TIME) {
                    try {
                        for (Record r : b) {
                            if (r.timestamp() >= timestamp) {
                                return Optional.of(new TimestampOffset(r.timestamp(), r.offset()));
                            }
                        }
                    } catch (ProtocolException e) {
                        throw unreadable(s, h, e);
                    }
                }
                return Optional.of(new TimestampOffset(b.maxTimestamp(), b.baseOffset()));
            }
        }
        return Optional.empty();
    }

    /**
     * ListOffsets MAX_TIMESTAMP: the offset and timestamp of the first record with the log's greatest
     * timestamp; empty when the log is empty.
     */
    public Optional<TimestampOffset> maxTimestampOffset() throws IOException {
        ensureOpen();
        LogSegment best = null;
        LogSegment.Stats bestStats = null;
        for (LogSegment s : segments.values()) {
            LogSegment.Stats st = s.stats();
            if (st.maxTimestampOffset() >= 0 && (bestStats == null || st.maxTimestamp() > bestStats.maxTimestamp())) {
                best = s;
                bestStats = st;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        SegmentBatch h = best.batchStartingAt(bestStats.maxTimestampOffset());
        if (h == null) {
            throw new IOException("Segment " + best + " has no batch at offset " + bestStats.maxTimestampOffset()
                    + ", where its time index puts its greatest timestamp " + bestStats.maxTimestamp());
        }
        RecordBatch b = storedBatch(best, h);
        if (b.timestampType() == TimestampType.CREATE_TIME) {
            try {
                for (Record r : b) {
                    if (r.timestamp() == b.maxTimestamp()) {
                        return Optional.of(new TimestampOffset(r.timestamp(), r.offset()));
                    }
                }
            } catch (ProtocolException e) {
                throw unreadable(best, h, e);
            }
        }
        return Optional.of(new TimestampOffset(b.maxTimestamp(), b.baseOffset()));
    }

    private static RecordBatch storedBatch(LogSegment s, SegmentBatch h) throws IOException {
        try {
            return RecordBatch.wrap(s.readBatch(h));
        } catch (ProtocolException e) {
            throw unreadable(s, h, e);
        }
    }

    private static IOException unreadable(LogSegment s, SegmentBatch h, ProtocolException e) {
        return new IOException("Stored batch at offset " + h.header().baseOffset() + " of segment " + s + " is unreadable: "
                + e.getMessage(), e);
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (-1: the high watermark), persisted
     * before it is published, and deletes the segments wholly below it. An offset at or below the current start
     * changes nothing. Returns the log start offset after.
     *
     * @throws OffsetOutOfRangeException when offset is below -1 or above the high watermark
     */
    public long deleteRecordsBefore(long offset) throws IOException, OffsetOutOfRangeException {
        synchronized (lock) {
            ensureWritable();
            long target = offset == -1 ? highWatermark() : offset;
            if (target < 0 || target > highWatermark()) {
                throw new OffsetOutOfRangeException(offset, logStartOffset, highWatermark());
            }
            if (target > logStartOffset) {
                OffsetCheckpoint.LOG_START.write(dir, target);
                logStartOffset = target;
                leaderEpochs.truncateFromStart(target);
                producers.removeBefore(target);
                log.info("{}: records before offset {} deleted on request; the log now starts there", name, target);
            }
        }
        deleteExpiredSegments(false);
        return logStartOffset;
    }

    /**
     * Retention: deletes the oldest non-active segments while their newest timestamp is older than
     * {@code retention.ms}, or the log without them is still at least {@code retention.bytes}, or they lie
     * wholly below the log start offset (left by a crash between the checkpoint and the deletion); advances
     * and persists the log start offset (before deleting files). Returns how many segments were deleted.
     */
    public int deleteExpiredSegments() throws IOException {
        return deleteExpiredSegments(true);
    }

    /**
     * As {@link #deleteExpiredSegments()}; without {@code timeAndSize} (a topic whose cleanup.policy lacks
     * delete) only segments wholly below the log start offset go.
     */
    public int deleteExpiredSegments(boolean timeAndSize) throws IOException {
        synchronized (lock) {
            ensureOpen();
            LogConfig cfg = config;
            long now = clock.millis();
            List<LogSegment> all = new ArrayList<>(segments.values());
            long total = 0;
            for (LogSegment s : all) {
                total += s.size();
            }
            List<LogSegment> expired = new ArrayList<>();
            for (int i = 0; i < all.size() - 1; i++) {
                LogSegment s = all.get(i);
                boolean byTime = timeAndSize && cfg.retentionMs() >= 0
                        && now - s.retentionTimestamp() > cfg.retentionMs();
                boolean bySize = timeAndSize && cfg.retentionBytes() >= 0 && total - s.size() >= cfg.retentionBytes();
                boolean belowStart = all.get(i + 1).baseOffset() <= logStartOffset;
                if (!byTime && !bySize && !belowStart) {
                    break;
                }
                expired.add(s);
                total -= s.size();
            }
            if (!expired.isEmpty()) {
                long newStart = Math.max(logStartOffset, all.get(expired.size()).baseOffset());
                OffsetCheckpoint.LOG_START.write(dir, newStart);
                logStartOffset = newStart;
                leaderEpochs.truncateFromStart(newStart);
                for (LogSegment s : expired) {
                    segments.remove(s.baseOffset());
                    s.deleteFiles();
                    retired.add(new Retired(s, elapsed.elapsedMillis()));
                }
                producers.removeBefore(newStart);
                List<Long> removedBases = new ArrayList<>();
                for (LogSegment s : expired) {
                    removedBases.add(s.baseOffset());
                }
                transactions.removeSegments(removedBases, newStart);
                log.info("{}: retention deleted {} segment(s); the log now starts at offset {}", name, expired.size(),
                        newStart);
            }
            closeRetired(elapsed.elapsedMillis() - RETIRED_CHANNEL_GRACE_MS);
            return expired.size();
        }
    }

    private void closeRetired(long retiredBefore) throws IOException {
        IOException failed = null;
        for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            if (r.sinceMs() <= retiredBefore) {
                it.remove();
                try {
                    r.segment().close();
                } catch (IOException e) {
                    failed = addFailure(failed, e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Flushes when the Interval flush policy is due; the broker calls this periodically. */
    public void flushIfDue() throws IOException {
        synchronized (lock) {
            if (!closed) {
                flushIfDueLocked(elapsed.elapsedMillis());
            }
        }
    }

    private void flushIfDueLocked(long now) throws IOException {
        if (config.flushPolicy() instanceof FlushPolicy.Interval interval && firstUnflushedMs >= 0
                && now - firstUnflushedMs >= interval.interval().toMillis()) {
            flushLocked();
        }
    }

    /** Forces the active segment and its indexes to disk and snapshots producer state. */
    public void flush() throws IOException {
        synchronized (lock) {
            ensureOpen();
            flushLocked();
        }
    }

    private void flushLocked() throws IOException {
        segments.lastEntry().getValue().flush(true);
        writeSnapshotLocked();
        firstUnflushedMs = -1;
    }

    private void writeSnapshotLocked() throws IOException {
        synchronized (checkpointLock) {
            if (snapshotOffset != logEndOffset) {
                producers.writeSnapshot(dir, logEndOffset);
                snapshotOffset = logEndOffset;
            }
        }
    }

    public LogConfig config() {
        return config;
    }

    /** Takes effect from the next append, roll or retention pass. */
    public void updateConfig(LogConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Flushes everything (unless the log went offline) and closes the files. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            IOException failed = null;
            if (failure == null) {
                try {
                    forceAll(segmentsBetween(recoveryPoint, Long.MAX_VALUE), true);
                    writeSnapshotLocked();
                    recordRecoveryPoint(logEndOffset);
                } catch (IOException e) {
                    failed = e;
                }
            }
            failed = closeSegments(failed);
            if (failed != null) {
                throw failed;
            }
            log.debug("{}: closed at log end offset {}", name, logEndOffset);
        }
    }

    /**
     * Writes the recovery point's checkpoint, then takes it as this log's. Called by the flush task and, after
     * {@link #closed} is set, by close; checkpointLock orders them, so no flush task writes after close's.
     */
    private void recordRecoveryPoint(long offset) throws IOException {
        synchronized (checkpointLock) {
            OffsetCheckpoint.RECOVERY_POINT.write(dir, offset);
            recoveryPoint = offset;
        }
    }

    /** Closes the log and deletes its directory (DeleteTopics). */
    public void delete() throws IOException {
        synchronized (lock) {
            closed = true;
            synchronized (checkpointLock) {
                // Waits out a flush task's checkpoint write, which would otherwise race the directory's deletion.
                log.debug("{}: deleting; no recovery point is recorded from now on", name);
            }
            IOException failed = closeSegments(null);
            try {
                AtomicFiles.deleteTree(dir);
            } catch (IOException e) {
                failed = addFailure(failed, e);
            }
            if (failed != null) {
                throw failed;
            }
            log.info("{}: deleted", name);
        }
    }

    /** Closes every segment and retired channel; returns {@code failed} with any new failure added. */
    private IOException closeSegments(IOException failed) {
        IOException result = failed;
        for (LogSegment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                result = addFailure(result, e);
            }
        }
        for (Retired r : retired) {
            try {
                r.segment().close();
            } catch (IOException e) {
                result = addFailure(result, e);
            }
        }
        retired.clear();
        return result;
    }

    private static IOException addFailure(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Log " + dir + " is closed");
        }
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (failure != null) {
            throw new IOException("Log " + dir + " is offline after an I/O error; reopen it to recover", failure);
        }
    }

    // For the cleaner.

    Path dir() {
        return dir;
    }

    /** The segments in offset order, the active one last. */
    List<LogSegment> segmentsForCleaning() throws IOException {
        ensureOpen();
        return List.copyOf(segments.values());
    }

    /** The aborted transactions, whose data the cleaner discards as Kafka's does. */
    List<AbortedTransaction> abortedTransactions() {
        return transactions.snapshot().aborted();
    }

    /** Each producer's last batch's last offset: the batches compaction must keep (empty if need be). */
    Map<Long, Long> producerLastOffsets() {
        synchronized (lock) {
            return producers.lastOffsets();
        }
    }

    /**
     * Swaps a cleaned segment in for {@code group}, crash-safely as Kafka does: {@code cleaned} (written and
     * forced) is renamed to {@code <base>.log.swap}, which marks the cleaning as complete; the group's files are
     * renamed to {@code .deleted}; the swap file becomes {@code <base>.log}. A crash at any point leaves a log
     * the {@link LogLoader} completes (a swap file) or rolls back (a cleaned file). The replaced segments' channels stay open
     * for reads under way, as for retention. Returns false, changing nothing, when the group is no longer the
     * log's (retention or a delete moved the log start meanwhile).
     */
    boolean replaceSegments(List<LogSegment> group, Path cleaned) throws IOException {
        synchronized (lock) {
            ensureWritable();
            for (LogSegment s : group) {
                if (segments.get(s.baseOffset()) != s) {
                    return false;
                }
            }
            long base = group.get(0).baseOffset();
            Long nextKey = segments.higherKey(group.get(group.size() - 1).baseOffset());
            if (nextKey == null) {
                throw new IllegalStateException(name + ": the active segment cannot be cleaned");
            }
            Path swap = dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX) + LogLoader.SWAP_SUFFIX);
            Files.move(cleaned, swap, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.forceDirectory(dir);
            crashPoint.reached(SwapStep.SWAP_FILE_WRITTEN);
            List<Path> deleted = new ArrayList<>();
            for (LogSegment s : group) {
                for (String suffix : LogSegment.SUFFIXES) {
                    Path file = dir.resolve(LogSegment.fileName(s.baseOffset(), suffix));
                    if (Files.exists(file)) {
                        Path target = dir.resolve(file.getFileName() + LogLoader.DELETED_SUFFIX);
                        Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        deleted.add(target);
                    }
                }
                crashPoint.reached(SwapStep.OLD_SEGMENT_RENAMED);
            }
            Files.move(swap, dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.forceDirectory(dir);
            crashPoint.reached(SwapStep.SWAPPED);
            LogSegment replacement = LogSegment.openClosed(dir, base, nextKey, config.indexIntervalBytes());
            long now = elapsed.elapsedMillis();
            for (LogSegment s : group) {
                segments.remove(s.baseOffset());
                retired.add(new Retired(s, now));
            }
            segments.put(base, replacement);
            for (Path p : deleted) {
                Files.deleteIfExists(p);
            }
            List<Long> merged = new ArrayList<>();
            group.stream().skip(1).forEach(s -> merged.add(s.baseOffset()));
            // The merged segments' .txnindex files go; their entries stay in memory and are rebuilt on open.
            transactions.removeSegments(merged, logStartOffset);
            return true;
        }
    }

    /** The steps of {@link #replaceSegments}, where a test can stop it as a crash would. */
    enum SwapStep { SWAP_FILE_WRITTEN, OLD_SEGMENT_RENAMED, SWAPPED }

    /** A test's hook into {@link #replaceSegments}: throws to stop it at a step. */
    interface CrashPoint {
        void reached(SwapStep step) throws IOException;
    }

    private volatile CrashPoint crashPoint = step -> { };

    void crashPointForTest(CrashPoint point) {
        this.crashPoint = point;
    }

    // Package-private views for tests.

    /**
     * What a process crash leaves: the files closed without a flush, a producer snapshot or anything else
     * {@link #close} does (what was written stays in the OS page cache, so on disk, as after a kill -9).
     */
    void abandonForTest() throws IOException {
        synchronized (lock) {
            closed = true;
            IOException failed = closeSegments(null);
            if (failed != null) {
                throw failed;
            }
        }
    }

    long recoveryPointForTest() {
        return recoveryPoint;
    }

    List<LogSegment> segmentsForTest() {
        return List.copyOf(segments.values());
    }

    ProducerStateTable producerStateForTest() {
        return producers;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir + ", offsets " + logStartOffset + " to " + logEndOffset + ")";
    }
}
