package io.petrel.broker.internal.log;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The idempotent-producer state of one partition: per producer id, its epoch and the last
 * {@value #MAX_BATCHES} batches it appended (first and last sequence, first and last offset, timestamp).
 * That is what a broker needs to answer a retried batch with its original offsets and to refuse gaps
 * and stale epochs.
 *
 * <p>How it works: an append opens a {@link Transaction} that checks each batch against the state as
 * the earlier batches of the same append left it, without touching the committed state; the log
 * commits it only once the bytes are written, so a refused or failed append changes nothing.
 *
 * <p>Rules: a batch of a known producer with an older epoch is INVALID_PRODUCER_EPOCH; a newer epoch
 * must start at sequence 0; the same epoch must continue at lastSequence + 1 (wrapping past
 * Integer.MAX_VALUE to 0) unless the batch repeats one of the last five, which is a duplicate. A
 * producer id the partition has no state for is accepted at any sequence, as Kafka does: its state may
 * have gone with retention, and refusing would wedge the producer. Control batches (transaction
 * markers) carry no sequence: they are checked for a stale epoch only, and a newer epoch is taken up.
 *
 * <p>Durability: {@link #writeSnapshot} stores the whole state with the log end offset it reflects
 * (written to a temporary file, forced, then renamed over the old one); on open the log loads it and
 * replays the batch headers after that offset, so state survives both a clean close and a crash.
 */
final class ProducerStateTable {
    static final int MAX_BATCHES = 5;
    static final String SNAPSHOT_FILE = "producer-state.snapshot";

    private static final Logger log = LoggerFactory.getLogger(ProducerStateTable.class);
    private static final int SNAPSHOT_MAGIC = 0x50505331; // "PPS1"
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    /** One appended batch of a producer, as a retry of it is answered. */
    record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
    }

    /** A producer's epoch and its last batches, oldest first. Immutable once committed. */
    record Entry(short epoch, ArrayDeque<BatchMetadata> batches) {
        Entry with(BatchMetadata batch) {
            ArrayDeque<BatchMetadata> copy = new ArrayDeque<>(batches);
            copy.addLast(batch);
            while (copy.size() > MAX_BATCHES) {
                copy.removeFirst();
            }
            return new Entry(epoch, copy);
        }

        Optional<BatchMetadata> find(int firstSeq, int lastSeq) {
            for (BatchMetadata b : batches) {
                if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }

        long lastOffset() {
            return batches.isEmpty() ? -1 : batches.getLast().lastOffset();
        }
    }

    private final String partition;
    private final Map<Long, Entry> producers = new HashMap<>();

    ProducerStateTable(String partition) {
        this.partition = partition;
    }

    /** Starts checking the batches of one append. */
    Transaction begin() {
        return new Transaction();
    }

    /** The committed entry of a producer, if any (for tests and diagnostics). */
    Optional<Entry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    int size() {
        return producers.size();
    }

    /** Each producer's last batch's last offset. */
    Map<Long, Long> lastOffsets() {
        Map<Long, Long> out = new HashMap<>();
        producers.forEach((id, e) -> out.put(id, e.lastOffset()));
        return out;
    }

    /** Every producer's state; {@code openTransactions} maps producers to their open transaction's start. */
    List<ActiveProducer> activeProducers(Map<Long, Long> openTransactions) {
        List<ActiveProducer> active = new ArrayList<>(producers.size());
        for (Map.Entry<Long, Entry> p : producers.entrySet()) {
            Entry e = p.getValue();
            BatchMetadata last = e.batches().isEmpty() ? null : e.batches().getLast();
            active.add(new ActiveProducer(p.getKey(), e.epoch(), last == null ? -1 : last.lastSeq(),
                    last == null ? -1L : last.timestamp(), openTransactions.getOrDefault(p.getKey(), -1L)));
        }
        return active;
    }

    /** The checks and tentative changes of one append; see the class comment. */
    final class Transaction {
        private final Map<Long, Entry> pending = new HashMap<>();

        private Entry current(long producerId) {
            Entry e = pending.get(producerId);
            return e != null ? e : producers.get(producerId);
        }

        /**
         * Checks a batch against the state; returns the original batch when it is a duplicate.
         *
         * @throws LogAppendException for a stale epoch, a sequence gap, or a missing sequence
         */
        Optional<BatchMetadata> check(long producerId, short epoch, int baseSequence, int lastSequence,
                                      boolean control, long baseOffsetInRequest) throws LogAppendException {
            if (producerId < 0) {
                return Optional.empty();
            }
            Entry cur = current(producerId);
            if (cur != null && epoch < cur.epoch()) {
                throw new LogAppendException(ErrorCode.INVALID_PRODUCER_EPOCH, "Producer " + producerId
                        + " appended to " + partition + " with epoch " + epoch + ", older than its current epoch "
                        + cur.epoch());
            }
            if (control) {
                return Optional.empty();
            }
            if (baseSequence < 0) {
                throw new LogAppendException(ErrorCode.INVALID_RECORD, "Record batch with baseOffset "
                        + baseOffsetInRequest + " to " + partition + " has producer id " + producerId
                        + " but baseSequence " + baseSequence + ", expected a sequence of 0 or more");
            }
            if (cur == null) {
                return Optional.empty();
            }
            if (epoch > cur.epoch()) {
                if (baseSequence != 0) {
                    throw new LogAppendException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer " + producerId
                            + " started epoch " + epoch + " on " + partition + " at sequence " + baseSequence
                            + ", expected a new epoch to start at sequence 0");
                }
                return Optional.empty();
            }
            Optional<BatchMetadata> duplicate = cur.find(baseSequence, lastSequence);
            if (duplicate.isPresent() || cur.batches().isEmpty()) {
                return duplicate;
            }
            int lastSeq = cur.batches().getLast().lastSeq();
            int expected = RecordBatch.incrementSequence(lastSeq, 1);
            if (baseSequence != expected) {
                throw new LogAppendException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer " + producerId
                        + " epoch " + epoch + " sent sequence " + baseSequence + " to " + partition + ", expected "
                        + expected + " (its last appended sequence is " + lastSeq + ")");
            }
            return Optional.empty();
        }

        /** Records a batch that {@link #check} accepted, at the offsets it will get. */
        void record(long producerId, short epoch, int baseSequence, int lastSequence, boolean control,
                    long firstOffset, long lastOffset, long timestamp) {
            if (producerId < 0) {
                return;
            }
            pending.put(producerId, apply(current(producerId), epoch, baseSequence, lastSequence, control,
                    firstOffset, lastOffset, timestamp));
        }

        /** Makes the recorded changes the partition's state. */
        void commit() {
            producers.putAll(pending);
            pending.clear();
        }
    }

    private static Entry apply(Entry cur, short epoch, int baseSequence, int lastSequence, boolean control,
                               long firstOffset, long lastOffset, long timestamp) {
        Entry e = cur == null || epoch > cur.epoch() ? new Entry(epoch, new ArrayDeque<>()) : cur;
        if (control || baseSequence < 0) {
            return e;
        }
        return e.with(new BatchMetadata(baseSequence, lastSequence, firstOffset, lastOffset, timestamp));
    }

    /** Takes up a batch read back from the log during recovery, without checks. */
    void replay(RecordBatchHeader h) {
        if (h.producerId() < 0) {
            return;
        }
        Entry cur = producers.get(h.producerId());
        if (cur != null && h.producerEpoch() < cur.epoch()) {
            log.warn("{}: batch at offset {} has producer {} epoch {}, older than the epoch {} before it; "
                    + "its sequence is not taken up", partition, h.baseOffset(), h.producerId(), h.producerEpoch(),
                    cur.epoch());
            return;
        }
        producers.put(h.producerId(), apply(cur, h.producerEpoch(), h.baseSequence(), h.lastSequence(), h.isControl(),
                h.baseOffset(), h.lastOffset(), h.maxTimestamp()));
    }

    /** Forgets producers whose last batch is below the log start offset, as retention removed them. */
    void removeBefore(long logStartOffset) {
        producers.values().removeIf(e -> !e.batches().isEmpty() && e.lastOffset() < logStartOffset);
    }

    void clear() {
        producers.clear();
    }

    /** Writes the state as of log end offset {@code offset} to {@code dir}, replacing the last snapshot. */
    void writeSnapshot(Path dir, long offset) throws IOException {
        writeSnapshot(dir, snapshot(offset));
    }

    /** Replaces the snapshot in {@code dir} with one {@link #snapshot} encoded. */
    static void writeSnapshot(Path dir, ByteBuffer snapshot) throws IOException {
        AtomicFiles.write(dir.resolve(SNAPSHOT_FILE), snapshot.duplicate());
    }

    /** The state as of log end offset {@code offset}, encoded as the snapshot file holds it. */
    ByteBuffer snapshot(long offset) {
        int size = 4 + 8 + 4;
        for (Entry e : producers.values()) {
            size += 8 + 2 + 4 + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buf = ByteBuffer.allocate(size + 4);
        buf.putInt(SNAPSHOT_MAGIC).putLong(offset).putInt(producers.size());
        for (Map.Entry<Long, Entry> p : producers.entrySet()) {
            Entry e = p.getValue();
            buf.putLong(p.getKey()).putShort(e.epoch()).putInt(e.batches().size());
            for (BatchMetadata b : e.batches()) {
                buf.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset())
                        .putLong(b.timestamp());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, size);
        return buf.putInt((int) crc.getValue()).flip();
    }

    /**
     * Replaces the state with the snapshot in {@code dir}.
     *
     * @return the log end offset the snapshot reflects, or -1 when there is none or it is damaged (the
     *         state is then empty and the caller replays the whole log)
     */
    long loadSnapshot(Path dir) throws IOException {
        producers.clear();
        Path file = dir.resolve(SNAPSHOT_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.debug("{}: no producer state snapshot ({}), rebuilding from the log", partition, e.getMessage());
            return -1;
        }
        String problem = parseSnapshot(bytes);
        if (problem == null) {
            return ByteBuffer.wrap(bytes).getLong(4);
        }
        log.warn("{}: ignoring producer state snapshot {}: {}; rebuilding it from the log", partition, file, problem);
        producers.clear();
        return -1;
    }

    private String parseSnapshot(byte[] bytes) {
        if (bytes.length < 4 + 8 + 4 + 4) {
            return "it has " + bytes.length + " bytes, fewer than an empty snapshot's 20";
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int stored = buf.getInt(bytes.length - 4);
        if (stored != (int) crc.getValue()) {
            return "its CRC is " + Integer.toUnsignedString(stored) + " but its bytes give " + crc.getValue();
        }
        if (buf.getInt() != SNAPSHOT_MAGIC) {
            return "it does not start with the snapshot magic " + Integer.toHexString(SNAPSHOT_MAGIC);
        }
        buf.getLong();
        int count = buf.getInt();
        buf.limit(bytes.length - 4);
        for (int i = 0; i < count; i++) {
            if (buf.remaining() < 8 + 2 + 4) {
                return "it ends inside producer " + i + " of " + count;
            }
            long producerId = buf.getLong();
            short epoch = buf.getShort();
            int batches = buf.getInt();
            if (batches < 0 || batches > MAX_BATCHES || buf.remaining() < batches * BATCH_BYTES) {
                return "producer " + producerId + " has " + batches + " batches, expected 0 to " + MAX_BATCHES
                        + " in the bytes left";
            }
            ArrayDeque<BatchMetadata> list = new ArrayDeque<>();
            for (int b = 0; b < batches; b++) {
                list.addLast(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong()));
            }
            producers.put(producerId, new Entry(epoch, list));
        }
        return buf.hasRemaining() ? buf.remaining() + " bytes follow the last producer" : null;
    }
}
