package io.petrel.broker.internal.log;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.TransactionMarker;

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
import java.util.Optional;

/**
 * The transactions of one partition: which producers have a transaction open here (from its first record to
 * its marker), which gives the last stable offset, and the aborted transactions a read_committed fetch must
 * report, kept on disk per segment as Kafka's {@code .txnindex} files.
 *
 * <p>How it works: the log tells it about every appended batch (transactional data opens a transaction of its
 * producer if none is open, a marker closes it; an abort marker adds an {@link AbortedTransaction} to the index
 * file of the segment the marker went to). On open the log rebuilds it from the batches themselves and rewrites
 * the index files, so a crash between a marker and its index entry loses nothing. An entry is 34 bytes:
 * version (int16, 0), producer id, first offset, last offset, last stable offset (int64 each), as Kafka's.
 *
 * <p>Not thread-safe: the log calls it under its append lock; readers take {@link #snapshot}s.
 */
final class TransactionIndex {
    static final String SUFFIX = ".txnindex";
    static final int ENTRY_SIZE = 2 + 8 * 4;

    private final Path dir;
    private final Map<Long, Long> ongoing = new HashMap<>();
    private final List<Stamped> aborted = new ArrayList<>();
    private volatile State state = new State(Map.of(), List.of());

    /** An aborted transaction and the base offset of the segment its marker lies in. */
    private record Stamped(long segmentBase, AbortedTransaction txn) {
    }

    /** What readers see: the first offset of each open transaction, and the aborted ones in marker order. */
    record State(Map<Long, Long> ongoing, List<AbortedTransaction> aborted) {
        long lastStableOffset(long logEndOffset) {
            long lso = logEndOffset;
            for (long first : ongoing.values()) {
                lso = Math.min(lso, first);
            }
            return lso;
        }
    }

    TransactionIndex(Path dir) {
        this.dir = dir;
    }

    State snapshot() {
        return state;
    }

    /** The marker type of a control batch, empty when it is not a transaction marker. */
    static Optional<ControlRecordType> markerType(RecordBatch batch) {
        for (Record r : batch) {
            ControlRecordType type = ControlRecordType.of(r);
            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                return Optional.of(TransactionMarker.of(r).type());
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Takes up an appended batch.
     *
     * @param marker the marker type when the batch is a transaction marker
     * @param logEndOffset the log end after the batch
     * @return the aborted transaction the batch ended, if it was an abort marker of an open transaction
     */
    Optional<AbortedTransaction> onBatch(long producerId, boolean transactional, Optional<ControlRecordType> marker,
                                         long baseOffset, long segmentBase, long logEndOffset) {
        if (producerId < 0 || !transactional) {
            return Optional.empty();
        }
        Optional<AbortedTransaction> result = Optional.empty();
        if (marker.isEmpty()) {
            ongoing.putIfAbsent(producerId, baseOffset);
        } else {
            Long first = ongoing.remove(producerId);
            if (first != null && marker.get() == ControlRecordType.ABORT) {
                long lso = new State(ongoing, List.of()).lastStableOffset(logEndOffset);
                AbortedTransaction txn = new AbortedTransaction(producerId, first, baseOffset, lso);
                aborted.add(new Stamped(segmentBase, txn));
                result = Optional.of(txn);
            }
        }
        publish();
        return result;
    }

    /** Appends an entry to the index file of the segment at {@code segmentBase}. */
    void writeEntry(long segmentBase, AbortedTransaction txn, boolean force) throws IOException {
        try (FileChannel ch = FileChannel.open(file(segmentBase), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = encode(txn);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (force) {
                ch.force(true);
            }
        }
    }

    /** Rewrites every segment's index file from the state rebuilt on open; removes those of no segment. */
    void rewriteFiles(Iterable<Long> segmentBases) throws IOException {
        Map<Long, List<AbortedTransaction>> bySegment = new HashMap<>();
        for (Stamped s : aborted) {
            bySegment.computeIfAbsent(s.segmentBase(), k -> new ArrayList<>()).add(s.txn());
        }
        for (long base : segmentBases) {
            List<AbortedTransaction> txns = bySegment.getOrDefault(base, List.of());
            Path file = file(base);
            if (txns.isEmpty()) {
                Files.deleteIfExists(file);
                continue;
            }
            ByteBuffer all = ByteBuffer.allocate(txns.size() * ENTRY_SIZE);
            for (AbortedTransaction t : txns) {
                all.put(encode(t));
            }
            AtomicFiles.write(file, all.flip());
        }
    }

    /** Forgets aborted transactions wholly below the log start and deletes the removed segments' files. */
    void removeSegments(List<Long> removedBases, long logStartOffset) throws IOException {
        aborted.removeIf(s -> s.txn().lastOffset() < logStartOffset);
        for (long base : removedBases) {
            Files.deleteIfExists(file(base));
        }
        publish();
    }

    /** The entries of one index file (for tests and tools). */
    static List<AbortedTransaction> readFile(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<AbortedTransaction> txns = new ArrayList<>();
        while (b.remaining() >= ENTRY_SIZE) {
            short version = b.getShort();
            if (version != 0) {
                throw new IOException("Transaction index " + file + " has an entry of version " + version
                        + ", expected 0");
            }
            txns.add(new AbortedTransaction(b.getLong(), b.getLong(), b.getLong(), b.getLong()));
        }
        return txns;
    }

    Path file(long segmentBase) {
        return dir.resolve(LogSegment.fileName(segmentBase, SUFFIX));
    }

    private static ByteBuffer encode(AbortedTransaction t) {
        return ByteBuffer.allocate(ENTRY_SIZE).putShort((short) 0).putLong(t.producerId()).putLong(t.firstOffset())
                .putLong(t.lastOffset()).putLong(t.lastStableOffset()).flip();
    }

    private void publish() {
        List<AbortedTransaction> list = new ArrayList<>(aborted.size());
        for (Stamped s : aborted) {
            list.add(s.txn());
        }
        state = new State(Map.copyOf(ongoing), List.copyOf(list));
    }
}
