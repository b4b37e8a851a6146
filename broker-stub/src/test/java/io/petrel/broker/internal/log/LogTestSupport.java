package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.record.TimestampType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Batches, configs and slice readers shared by the log tests. */
final class LogTestSupport {
    /** A fixed start time, so timestamps in tests are readable. */
    static final long T0 = 1_700_000_000_000L;

    private LogTestSupport() {
    }

    /** Kafka's defaults with a dense index (every batch) and the given segment size. */
    static LogConfig config(long segmentBytes) {
        LogConfig d = LogConfig.defaults();
        return new LogConfig(segmentBytes, d.segmentMs(), d.retentionMs(), d.retentionBytes(), d.maxMessageBytes(),
                TimestampType.CREATE_TIME, 1, FlushPolicy.osPageCache());
    }

    static LogConfig withSegmentMs(LogConfig c, long segmentMs) {
        return new LogConfig(c.segmentBytes(), segmentMs, c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(),
                c.timestampType(), c.indexIntervalBytes(), c.flushPolicy());
    }

    static LogConfig withRetention(LogConfig c, long retentionMs, long retentionBytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), retentionMs, retentionBytes, c.maxMessageBytes(),
                c.timestampType(), c.indexIntervalBytes(), c.flushPolicy());
    }

    static LogConfig withMaxMessageBytes(LogConfig c, int maxMessageBytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), maxMessageBytes,
                c.timestampType(), c.indexIntervalBytes(), c.flushPolicy());
    }

    static LogConfig withTimestampType(LogConfig c, TimestampType type) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(),
                type, c.indexIntervalBytes(), c.flushPolicy());
    }

    static LogConfig withIndexInterval(LogConfig c, int bytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(),
                c.timestampType(), bytes, c.flushPolicy());
    }

    static LogConfig withFlush(LogConfig c, FlushPolicy policy) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(),
                c.timestampType(), c.indexIntervalBytes(), policy);
    }

    /** An uncompressed batch of values {@code prefix-0 .. prefix-(n-1)}, all at {@code timestamp}. */
    static ByteBuffer batch(String prefix, int records, long timestamp) {
        return batch(new RecordBatchBuilder(0), prefix, records, timestamp);
    }

    /** As {@link #batch(String, int, long)}, filling the given (configured) builder. */
    static ByteBuffer batch(RecordBatchBuilder builder, String prefix, int records, long timestamp) {
        for (int i = 0; i < records; i++) {
            builder.append(timestamp, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A batch of an idempotent producer. */
    static ByteBuffer producerBatch(long producerId, short epoch, int baseSequence, int records, long timestamp) {
        return batch(new RecordBatchBuilder(0).producer(producerId, epoch, baseSequence),
                "p" + producerId + "e" + epoch + "s" + baseSequence, records, timestamp);
    }

    /** Several batches end to end in one buffer, as one Produce partition entry carries them. */
    static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    /** The slice's bytes, read from its channel at its position as the network layer would send them. */
    static ByteBuffer bytesOf(LogSlice slice) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(slice.sizeInBytes());
        long pos = slice.position();
        while (buf.hasRemaining()) {
            int n = slice.channel().read(buf, pos);
            if (n < 0) {
                throw new IOException("Slice runs past the end of its file");
            }
            pos += n;
        }
        return buf.flip();
    }

    /** The batches of a slice, each CRC-checked. */
    static List<RecordBatch> batchesOf(LogSlice slice) throws IOException {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch b : RecordBatches.strict(bytesOf(slice))) {
            b.validate();
            out.add(b);
        }
        return out;
    }

    /** The record values of the batches, as strings. */
    static List<String> values(List<RecordBatch> batches) {
        List<String> out = new ArrayList<>();
        for (RecordBatch b : batches) {
            for (Record r : b) {
                out.add(new String(r.valueBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Every record value in the log, read from its start in small fetches, with their offsets checked. */
    static List<String> readAll(PartitionLog log) throws Exception {
        List<String> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            List<RecordBatch> batches = batchesOf(log.read(next, 1024, true));
            if (batches.isEmpty()) {
                throw new AssertionError("Empty read at offset " + next + " below the log end " + log.logEndOffset());
            }
            for (RecordBatch b : batches) {
                for (Record r : b) {
                    if (r.offset() != next) {
                        throw new AssertionError("Expected offset " + next + " but read " + r.offset());
                    }
                    out.add(new String(r.valueBytes(), StandardCharsets.UTF_8));
                    next++;
                }
            }
        }
        return out;
    }

    /** Values {@code prefix-0 .. prefix-(n-1)}. */
    static List<String> expectedValues(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }
}
