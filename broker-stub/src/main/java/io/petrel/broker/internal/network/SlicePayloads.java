package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.petrel.broker.internal.log.LogSlice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides how the record slices of one response leave: read into buffers, so that the whole response goes out in
 * one gathering write, or sent from their segment files ({@link SegmentFileRegion}, sendfile on Linux).
 *
 * <p>Why not always sendfile: a response that sends its records from the file needs a write for the bytes before
 * them, then the sendfile, then a write for the bytes after. All three run in one flush, with nothing but an
 * fstat between them, yet on loopback the first write already delivers the head and wakes the consumer's network
 * thread, which on a busy machine also takes the CPU from this thread before it reaches the sendfile: strace at
 * 2,000-10,000 records/s showed 3 send syscalls per response, the head 0.26-0.64 ms (median; p90 1.4-3.7 ms) ahead of
 * its records, and 2.2 wake-ups of the consumer's network thread per response. A small record set costs one
 * positioned read from the page cache instead, and the response leaves whole in one {@code writev} (1.0-1.1
 * wake-ups per response, measured).
 * From {@link #COPY_UP_TO_BYTES} on, sendfile's saved copy is worth the extra writes, so large reads keep it.
 * TLS connections always read into buffers: the records must be encrypted.
 *
 * <p>Memory: what is read is bounded by the response itself (the fetch's max bytes); without TLS by
 * {@link #COPY_UP_TO_BYTES} per response. Every slice is read before any is returned, so a failed read releases
 * what was read and nothing half-made is written; once written, Netty releases the buffers when they are sent or
 * when the connection closes.
 */
final class SlicePayloads {
    /** Responses with at most this many bytes of records, in total, send them from buffers. */
    static final int COPY_UP_TO_BYTES = 64 * 1024;

    private SlicePayloads() {
    }

    /**
     * One message per slice, in order, for {@code Channel#write}: {@link ByteBuf}s read from the log when
     * {@code tls} or when the slices hold at most {@link #COPY_UP_TO_BYTES} together, else file regions.
     */
    static List<Object> of(List<LogSlice> slices, boolean tls, ByteBufAllocator alloc) {
        List<Object> payloads = new ArrayList<>(slices.size());
        if (!tls && totalBytes(slices) > COPY_UP_TO_BYTES) {
            for (LogSlice slice : slices) {
                payloads.add(new SegmentFileRegion(slice));
            }
            return payloads;
        }
        try {
            for (LogSlice slice : slices) {
                payloads.add(read(slice, alloc));
            }
            return payloads;
        } catch (RuntimeException e) {
            payloads.forEach(ReferenceCountUtil::release);
            throw e;
        }
    }

    private static long totalBytes(List<LogSlice> slices) {
        long total = 0;
        for (LogSlice slice : slices) {
            total += slice.sizeInBytes();
        }
        return total;
    }

    /** The slice's bytes in a pooled buffer, read with positioned reads (the page cache, for recent records). */
    private static ByteBuf read(LogSlice slice, ByteBufAllocator alloc) {
        int size = slice.sizeInBytes();
        ByteBuf buf = alloc.ioBuffer(size, size);
        try {
            long position = slice.position();
            while (buf.writerIndex() < size) {
                int read = buf.writeBytes(slice.channel(), position, size - buf.writerIndex());
                if (read < 0) {
                    throw new IOException("Segment ended " + (size - buf.writerIndex())
                            + " bytes before the fetched slice did");
                }
                position += read;
            }
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException("Could not read fetched records", e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
