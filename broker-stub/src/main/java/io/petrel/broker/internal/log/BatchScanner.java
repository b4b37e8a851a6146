package io.petrel.broker.internal.log;

import io.petrel.protocol.record.RecordBatchHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the batch headers of a segment file between two positions, reading the file in chunks so that a
 * run of small batches costs one read rather than one per batch; a batch larger than a chunk is skipped
 * over by its length without reading its body.
 *
 * <p>It checks nothing but that a whole header is there: callers decide what a bad length or magic
 * means (recovery truncates, a read never meets one because it stays below the committed size). A
 * header whose batchLength is too small to be real ends the walk, so a bad length cannot loop it.
 */
final class BatchScanner {
    private static final int CHUNK = 16 * 1024;

    private final FileChannel channel;
    private final long end;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private long chunkStart = -1;
    private long position;

    BatchScanner(FileChannel channel, long start, long end) {
        this.channel = channel;
        this.position = start;
        this.end = end;
    }

    /** Where the next header would start. */
    long position() {
        return position;
    }

    /** The batch at {@link #position()}, then moves past it; null when less than a header remains. */
    SegmentBatch next() throws IOException {
        if (end - position < RecordBatchHeader.SIZE) {
            return null;
        }
        if (chunkStart < 0 || position < chunkStart || position + RecordBatchHeader.SIZE > chunkStart + chunk.limit()) {
            fill(position);
            if (chunk.limit() < RecordBatchHeader.SIZE) {
                return null;
            }
        }
        SegmentBatch batch = new SegmentBatch(position,
                RecordBatchHeader.read(chunk, (int) (position - chunkStart)));
        long size = batch.header().sizeInBytes();
        position = size < 0 ? end : position + size;
        return batch;
    }

    private void fill(long at) throws IOException {
        chunk.clear();
        chunk.limit((int) Math.min(CHUNK, end - at));
        readFully(channel, chunk, at);
        chunk.flip();
        chunkStart = at;
    }

    /** Reads from {@code at} until {@code buf} is full or the file ends. */
    static void readFully(FileChannel channel, ByteBuffer buf, long at) throws IOException {
        long pos = at;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** The CRC-32C of the batch of {@code size} bytes at {@code position}, over what the batch CRC covers. */
    static long crcOf(FileChannel channel, long position, long size, ByteBuffer scratch) throws IOException {
        CRC32C crc = new CRC32C();
        long pos = position + RecordBatchHeader.CRC_COVERAGE_START;
        long end = position + size;
        while (pos < end) {
            scratch.clear();
            scratch.limit((int) Math.min(scratch.capacity(), end - pos));
            readFully(channel, scratch, pos);
            scratch.flip();
            if (!scratch.hasRemaining()) {
                throw new IOException("Segment file ended at " + pos + " inside a batch that should end at " + end);
            }
            pos += scratch.remaining();
            crc.update(scratch);
        }
        return crc.getValue();
    }
}
