package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.JournalFile;
import io.petrel.broker.internal.group.TransactionalOffset;
import io.petrel.broker.internal.topic.TopicPartition;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction coordinator's durable state, as Kafka keeps it in {@code __transaction_state}: after
 * every change that must survive a crash, the whole state of that transactional id (producer id and
 * epoch, timeout, state, partitions, pending group offsets) is appended as one {@link JournalFile} entry;
 * on open the latest entry of each id wins. The journal is rewritten compactly (one entry per id) when
 * it holds more than twice as many entries as ids, plus some slack.
 *
 * <p>Entries are written before the change is acted on (a partition is journaled before its first
 * record, a PrepareCommit before the markers), so what the journal says is always at least what the
 * partitions show: the recovery in {@link TransactionCoordinator} completes a Prepare and aborts or
 * times out an Ongoing one.
 */
final class TransactionJournal implements Closeable {
    static final String FILE = "transactions.journal";
    private static final int MAGIC = 0x50545831; // "PTX1"
    private static final int COMPACT_SLACK = 1000;

    private final JournalFile file;
    private final boolean forceEachWrite;
    private final Map<String, TransactionMetadata> loaded;
    private long entries;

    private TransactionJournal(JournalFile file, boolean forceEachWrite, Map<String, TransactionMetadata> loaded,
                               long entries) {
        this.file = file;
        this.forceEachWrite = forceEachWrite;
        this.loaded = loaded;
        this.entries = entries;
    }

    /**
     * Opens the journal in {@code dir}, replaying it.
     *
     * @param forceEachWrite whether every entry is forced to the device (the EveryAppend flush policy); without
     *                       it an entry survives a process kill (it is in the page cache) but not a power loss
     */
    static TransactionJournal open(Path dir, boolean forceEachWrite, long nowWallMs) throws IOException {
        Map<String, TransactionMetadata> states = new LinkedHashMap<>();
        long[] count = {0};
        JournalFile file = JournalFile.open(dir.resolve(FILE), MAGIC, payload -> {
            TransactionMetadata m = decode(payload, nowWallMs);
            states.put(m.transactionalId, m);
            count[0]++;
        });
        return new TransactionJournal(file, forceEachWrite, states, count[0]);
    }

    /** The states read on open, by transactional id. */
    Map<String, TransactionMetadata> loaded() {
        return loaded;
    }

    /** Records a transactional id's whole state; compacts when due, from {@code all}. */
    void write(TransactionMetadata m, Collection<TransactionMetadata> all) throws IOException {
        file.append(encode(m));
        entries++;
        if (entries > 2L * all.size() + COMPACT_SLACK) {
            List<ByteBuffer> compact = new ArrayList<>(all.size());
            for (TransactionMetadata each : all) {
                compact.add(encode(each));
            }
            file.rewrite(compact);
            entries = all.size();
        } else if (forceEachWrite) {
            file.force();
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    static ByteBuffer encode(TransactionMetadata m) {
        int size = stringSize(m.transactionalId) + 8 + 2 + 4 + 1 + 8 + 8 + 4;
        for (TopicPartition tp : m.partitions) {
            size += stringSize(tp.topic()) + 4;
        }
        size += 4;
        for (Map.Entry<String, List<TransactionalOffset>> g : m.pendingOffsets.entrySet()) {
            size += stringSize(g.getKey()) + 4;
            for (TransactionalOffset o : g.getValue()) {
                size += stringSize(o.topic()) + 4 + 8 + 4 + stringSize(o.metadata());
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        putString(b, m.transactionalId);
        b.putLong(m.producerId).putShort(m.producerEpoch).putInt(m.timeoutMs).put(m.state.id())
                .putLong(m.startWallMs).putLong(m.lastUpdateWallMs);
        b.putInt(m.partitions.size());
        for (TopicPartition tp : m.partitions) {
            putString(b, tp.topic());
            b.putInt(tp.partition());
        }
        b.putInt(m.pendingOffsets.size());
        for (Map.Entry<String, List<TransactionalOffset>> g : m.pendingOffsets.entrySet()) {
            putString(b, g.getKey());
            b.putInt(g.getValue().size());
            for (TransactionalOffset o : g.getValue()) {
                putString(b, o.topic());
                b.putInt(o.partition()).putLong(o.offset()).putInt(o.leaderEpoch());
                putString(b, o.metadata());
            }
        }
        return b.flip();
    }

    static TransactionMetadata decode(ByteBuffer b, long nowWallMs) {
        String id = readString(b);
        long producerId = b.getLong();
        short epoch = b.getShort();
        int timeoutMs = b.getInt();
        TransactionState state = TransactionState.forId(b.get());
        TransactionMetadata m = new TransactionMetadata(id, producerId, epoch, timeoutMs, state, nowWallMs);
        m.startWallMs = b.getLong();
        m.lastUpdateWallMs = b.getLong();
        int partitions = count(b);
        for (int i = 0; i < partitions; i++) {
            m.partitions.add(new TopicPartition(readString(b), b.getInt()));
        }
        int groups = count(b);
        for (int i = 0; i < groups; i++) {
            String group = readString(b);
            int offsets = count(b);
            for (int j = 0; j < offsets; j++) {
                m.addOffset(group, new TransactionalOffset(readString(b), b.getInt(), b.getLong(), b.getInt(),
                        readString(b)));
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " bytes follow the state of " + id);
        }
        return m;
    }

    private static int stringSize(String s) {
        return 4 + (s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void putString(ByteBuffer b, String s) {
        if (s == null) {
            b.putInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length).put(bytes);
    }

    private static String readString(ByteBuffer b) {
        int length = b.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("Bad string length " + length);
        }
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("Bad count " + n);
        }
        return n;
    }
}
