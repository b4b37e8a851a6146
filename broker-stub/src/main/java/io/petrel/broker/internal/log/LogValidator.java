package io.petrel.broker.internal.log;

import io.petrel.broker.LogConfig;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchHeader;
import io.petrel.protocol.record.RecordCursor;
import io.petrel.protocol.record.TimestampType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the record batches of one append before anything is written, then gives them their offsets, as
 * Kafka's LogValidator does for a leader's log.
 *
 * <p>How it works: {@link #validate} frames every batch (whole, batchLength real, magic 2), bounds each by
 * {@code max.message.bytes} and the whole append by what a segment holds, then checks each batch's CRC and
 * decodes its records (count, consecutive offset deltas) to learn their greatest timestamp; every refusal
 * is a {@link LogAppendException} with the Produce error code, naming the batch by index and byte
 * position. Batches are never recompressed. {@link #assignOffsets} rewrites the accepted batches in place:
 * baseOffset, the leader epoch and, for LogAppendTime, the broker's time (with the CRC), or the true
 * maxTimestamp where a producer's header disagreed with its records.
 */
final class LogValidator {

    /** A framed batch whose CRC and records passed, with the greatest record timestamp found in it. */
    record ValidatedBatch(RecordBatch batch, long maxTimestamp) {
    }

    private final String logName;

    /** @param logName how refusals name the log, e.g. its directory's name */
    LogValidator(String logName) {
        this.logName = logName;
    }

    /**
     * Frames and checks every batch of an append (the buffer's position to limit); returns them with their
     * greatest record timestamps.
     *
     * @throws LogAppendException CORRUPT_MESSAGE (framing, CRC), INVALID_RECORD (no batch, magic 0/1,
     *                            records), MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE
     */
    List<ValidatedBatch> validate(ByteBuffer buf, LogConfig cfg) throws LogAppendException {
        int start = buf.position();
        int limit = buf.limit();
        if (start == limit) {
            throw new LogAppendException(ErrorCode.INVALID_RECORD, "The append to " + logName
                    + " holds no record batch, expected at least one");
        }
        List<RecordBatch> framed = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int pos = start; pos < limit; ) {
            long size = frame(buf, pos, limit, framed.size(), pos - start, cfg);
            framed.add(RecordBatch.wrap(buf.duplicate().position(pos)));
            positions.add(pos - start);
            pos += (int) size;
        }
        long total = limit - start;
        long segmentCap = LogSegment.capacity(cfg);
        if (total > segmentCap) {
            throw new LogAppendException(ErrorCode.RECORD_LIST_TOO_LARGE, "The append to " + logName + " is " + total
                    + " bytes, more than segment.bytes " + segmentCap);
        }
        List<ValidatedBatch> validated = new ArrayList<>(framed.size());
        for (int i = 0; i < framed.size(); i++) {
            RecordBatch b = framed.get(i);
            try {
                b.validate();
            } catch (ProtocolException e) {
                throw new LogAppendException(ErrorCode.CORRUPT_MESSAGE, where(i, positions.get(i)) + ": "
                        + e.getMessage(), e);
            }
            validated.add(new ValidatedBatch(b, validateRecords(b, i, positions.get(i))));
        }
        return validated;
    }

    /** The size of the batch at {@code pos}, once it is whole, of magic 2 and within max.message.bytes. */
    private long frame(ByteBuffer buf, int pos, int limit, int index, int position, LogConfig cfg)
            throws LogAppendException {
        int remaining = limit - pos;
        if (remaining < RecordBatchHeader.SIZE) {
            throw new LogAppendException(ErrorCode.CORRUPT_MESSAGE, where(index, position) + " has " + remaining
                    + " bytes, fewer than the " + RecordBatchHeader.SIZE + " of a batch header");
        }
        RecordBatchHeader header = RecordBatchHeader.read(buf, pos);
        int batchLength = header.batchLength();
        long size = header.sizeInBytes();
        if (size < 0) {
            throw new LogAppendException(ErrorCode.CORRUPT_MESSAGE, where(index, position) + " has batchLength "
                    + batchLength + ", expected at least " + RecordBatchHeader.MIN_BATCH_LENGTH);
        }
        if (size > remaining) {
            throw new LogAppendException(ErrorCode.CORRUPT_MESSAGE, where(index, position) + " has batchLength "
                    + batchLength + ", so " + size + " bytes, but only " + remaining + " remain");
        }
        byte magic = header.magic();
        if (magic != RecordBatch.MAGIC) {
            throw new LogAppendException(magic == 0 || magic == 1 ? ErrorCode.INVALID_RECORD
                    : ErrorCode.CORRUPT_MESSAGE, where(index, position) + " has magic " + magic + ", expected "
                    + RecordBatch.MAGIC + " (record batch v2, the only format this broker stores)");
        }
        if (size > cfg.maxMessageBytes()) {
            throw new LogAppendException(ErrorCode.MESSAGE_TOO_LARGE, where(index, position) + " is " + size
                    + " bytes, more than max.message.bytes " + cfg.maxMessageBytes());
        }
        return size;
    }

    /** Names a batch in a refusal; built only when one is refused, not for every batch appended. */
    private String where(int index, int position) {
        return "Record batch " + index + " (at byte " + position + ") of the append to " + logName;
    }

    /** Checks the records of a batch whose CRC is good; returns their greatest timestamp (-1 if none has one). */
    private long validateRecords(RecordBatch b, int index, int position) throws LogAppendException {
        int count = b.recordCount();
        if (count < 1) {
            throw new LogAppendException(ErrorCode.INVALID_RECORD, where(index, position) + " has recordCount " + count
                    + ", expected at least 1");
        }
        if (b.lastOffsetDelta() != count - 1) {
            throw new LogAppendException(ErrorCode.INVALID_RECORD, where(index, position) + " has lastOffsetDelta "
                    + b.lastOffsetDelta() + " for " + count + " records, expected " + (count - 1));
        }
        long maxTimestamp = -1;
        int i = 0;
        try {
            // The cursor makes the checks the Record iterator makes, without a Record per record: the append
            // needs only offsets and timestamps (a Record each was 12 % of the Produce path's allocation).
            // Decompressed into this thread's scratch array, read to the end here, never kept.
            RecordCursor r = b.cursor(RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES,
                    b.compressionType() == CompressionType.NONE ? null : DecompressionScratch.forThisThread());
            while (r.advance()) {
                long delta = r.offset() - b.baseOffset();
                if (delta != i) {
                    throw new LogAppendException(ErrorCode.INVALID_RECORD, where(index, position) + " has record " + i
                            + " at offset delta " + delta + ", expected " + i + " (consecutive offsets)");
                }
                maxTimestamp = Math.max(maxTimestamp, r.timestamp());
                i++;
            }
        } catch (ProtocolException e) {
            throw new LogAppendException(ErrorCode.INVALID_RECORD, where(index, position) + " has a bad record"
                    + " (index " + i + "): " + e.getMessage(), e);
        }
        if (b.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return b.maxTimestamp();
        }
        return maxTimestamp;
    }

    /**
     * Gives validated batches consecutive offsets from {@code firstOffset} and the leader epoch, in place,
     * and stamps their timestamps: {@code now} for LogAppendTime, else the greatest record timestamp where
     * the header said otherwise. Returns what the segment indexes of each.
     */
    static List<LogSegment.Appended> assignOffsets(List<ValidatedBatch> batches, long firstOffset, int leaderEpoch,
                                                   boolean logAppendTime, long now) {
        long offset = firstOffset;
        List<LogSegment.Appended> appended = new ArrayList<>(batches.size());
        for (ValidatedBatch v : batches) {
            RecordBatch b = v.batch();
            b.setBaseOffset(offset);
            b.setPartitionLeaderEpoch(leaderEpoch);
            long maxTimestamp = v.maxTimestamp();
            if (logAppendTime) {
                b.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                maxTimestamp = now;
            } else if (b.timestampType() == TimestampType.CREATE_TIME && b.maxTimestamp() != maxTimestamp) {
                b.setMaxTimestamp(TimestampType.CREATE_TIME, maxTimestamp);
            }
            appended.add(new LogSegment.Appended(offset, b.lastOffset(), b.sizeInBytes(), maxTimestamp));
            offset = b.nextOffset();
        }
        return appended;
    }
}
