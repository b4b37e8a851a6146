package io.petrel.compression.internal;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.petrel.compression.CompressionType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Zstandard. Design: Kafka stores a zstd batch as one ordinary zstd frame (no dictionary, no
 * extra framing). Compression makes zstd-jni's streaming calls on a pooled context
 * ({@link ZstdPooledContextOutputStream}), so it writes the same frame as kafka-clients without creating a
 * native context per batch. A caller with the whole input in hand ({@link #compress(byte[], int, int,
 * OutputStream)}, a record batch's records) gets one native call instead, on a pooled context into a pooled
 * array of zstd's bound, so zstd neither copies the input into its own window buffer nor the output
 * through its own: 15-20% less CPU per 64-100 KiB batch than the stream. That frame records its content
 * size (the stream cannot know it), so it is a few bytes different, not the same bytes as kafka-clients'.
 * Decompression uses zstd-jni's no-finalizer stream, which frees its native
 * context on close rather than at garbage collection, with a recycling buffer pool for its staging
 * buffers; it is streamed, so output beyond the caller's limit is never produced.
 *
 * <p>The buffer method has a faster path for the usual case: when {@link ZstdFrames} finds the input
 * to be well-formed frames whose decompressed size is bounded within the caller's limit (and not
 * absurdly beyond the input's size), zstd's streaming decoder (the very function the stream uses, so
 * it accepts and refuses exactly the same frames) runs over the whole input at once, straight into an
 * output array of that bound, on a pooled native context. That saves, per batch, creating a decoder
 * and allocating and freeing its window buffer, which on a small batch costs more than the decoding.
 * Anything it does not finish cleanly is decoded again by the plain streaming path, whose result or
 * exception is the one returned, so both methods still behave alike. At most {@value SlotPool#SLOTS}
 * contexts are kept, and only for frames whose window is at most {@value #POOLED_MAX_WINDOW} bytes,
 * since a context keeps the window buffer of the largest frame it decoded. A caller's scratch array
 * ({@link io.petrel.compression.Codec#decompress(ByteBuffer, int, byte[])}) takes the place of that output
 * array when the bound fits in it. The pooled path reads a direct input (a broker's request in Netty's
 * buffer) where it lies; only inputs it declines are copied onto the heap first.
 */
final class ZstdCodec extends AbstractCodec {

    /** As kafka-clients buffers its zstd stream: the same chunks reach the encoder, so the same frame comes out. */
    private static final int WRITE_BUFFER = 16 * 1024;
    /**
     * The pooled path allocates its whole output bound up front, so it is kept for inputs whose bound is
     * at most this many times their size, or {@link #DIRECT_FLOOR}; a tiny input claiming megabytes is
     * streamed, allocating only as output actually appears.
     */
    private static final int DIRECT_MAX_RATIO = 64;
    private static final int DIRECT_FLOOR = 1 << 20;
    private static final int POOLED_MAX_WINDOW = 8 << 20;
    private static final SlotPool<ZstdDecompressCtx> CONTEXTS = new SlotPool<>();

    ZstdCodec(int level) {
        super(CompressionType.ZSTD, level);
    }

    /** zstd-jni's stream's calls on a pooled context: see {@link ZstdPooledContextOutputStream} for why. */
    @Override
    OutputStream openEncoder(OutputStream sink) {
        return new BufferedOutputStream(new ZstdPooledContextOutputStream(sink, level()), WRITE_BUFFER);
    }

    /**
     * zstd's one-shot compression ({@code ZSTD_compress2}) of the whole input on a pooled context; inputs whose
     * bound exceeds what a session keeps are streamed instead.
     */
    @Override
    public void compress(byte[] src, int offset, int length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(offset, length, src.length);
        long bound = Zstd.compressBound(length);
        if (bound > ZstdCompressSession.MAX_FRAME_ARRAY) {
            super.compress(src, offset, length, out);
            return;
        }
        ZstdCompressSession session = ZstdCompressSession.take(level());
        byte[] frame;
        int size;
        try {
            frame = session.frameArray((int) bound);
            size = session.context.compressByteArray(frame, 0, frame.length, src, offset, length);
        } catch (RuntimeException e) {
            session.close();
            throw Failures.compressionFailed(type(), e);
        }
        try {
            out.write(frame, 0, size);
        } finally {
            session.giveBack();
        }
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) throws IOException {
        return new ZstdInputStreamNoFinalizer(source, RecyclingBufferPool.INSTANCE);
    }

    /** The pooled path decodes into {@code scratch} when the frames' bound fits it. */
    @Override
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        ByteBuffer out = decompressPooled(input, maxOutputBytes, scratch);
        return out != null ? out : super.decompressBuffer(input, maxOutputBytes);
    }

    /**
     * The pooled path reads direct memory as it reads an array (zstd-jni takes a direct source with an array
     * output), so a broker's batch in its network buffer is decoded where it lies, not copied onto the heap first.
     */
    @Override
    ByteBuffer decompressOffHeap(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        // A read-only heap buffer has no array either, and zstd-jni takes no such source: it is copied.
        return input.isDirect() ? decompressPooled(input, maxOutputBytes, scratch) : null;
    }

    /**
     * The pooled path over {@code input} (heap or direct); null when the frames are not ones it takes or it
     * does not finish them cleanly, for the caller's streaming path to give the canonical result or failure.
     */
    private static ByteBuffer decompressPooled(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        int length = input.remaining();
        long ceiling = Math.min(maxOutputBytes, Math.max(DIRECT_FLOOR, (long) DIRECT_MAX_RATIO * length));
        long bound = ZstdFrames.decompressedBound(input, input.position(), input.limit(), ceiling, POOLED_MAX_WINDOW);
        if (bound < 0) {
            return null;
        }
        boolean intoScratch = scratch != null && scratch.length >= bound;
        byte[] out = intoScratch ? scratch : new byte[(int) bound];
        // The whole scratch, not just the bound, is offered as room: for a frame that declares its content size
        // zstd then decodes each block's literals past the block's output instead of splitting them between the
        // output's end and its own buffer and moving them back (~1.5 us of ~63 per 100 KB batch). What it writes
        // past the output is scratch; output beyond the bound is still refused below.
        int room = intoScratch ? (int) Math.min(scratch.length, maxOutputBytes) : (int) bound;
        ZstdDecompressCtx context = takeContext();
        boolean clean = false;
        try {
            int n = decompressInto(context, input.duplicate(), ByteBuffer.wrap(out, 0, room));
            clean = true;
            if (n >= 0 && n <= bound) {
                return ByteBuffer.wrap(out, 0, n).slice();
            }
        } catch (RuntimeException e) {
            // Refused: the caller's streaming path gives the canonical result or failure.
        } finally {
            giveContext(context, clean);
        }
        return null;
    }

    /**
     * Runs zstd's streaming decoder, as {@link ZstdInputStreamNoFinalizer} does, over all of
     * {@code src} into {@code dst} (an array's first bytes, up to its limit). Returns the bytes produced, or -1 when
     * the input stops in the middle of a frame or the output fills up before the end, cases left to the plain
     * streaming path.
     */
    private static int decompressInto(ZstdDecompressCtx context, ByteBuffer src, ByteBuffer dst) {
        while (true) {
            int srcBefore = src.position();
            int dstBefore = dst.position();
            boolean frameDone = context.decompressByteBufferStream(dst, src);
            if (frameDone && !src.hasRemaining()) {
                return dst.position();
            }
            if (src.position() == srcBefore && dst.position() == dstBefore) {
                return -1;
            }
        }
    }

    /** A pooled context, reset to a fresh decoding session, or a new one. */
    private static ZstdDecompressCtx takeContext() {
        for (ZstdDecompressCtx context = CONTEXTS.poll(); context != null; context = CONTEXTS.poll()) {
            try {
                context.reset();
                return context;
            } catch (RuntimeException e) {
                context.close(); // unusable: closed, and the next pooled one (or a new one) serves
            }
        }
        return new ZstdDecompressCtx();
    }

    /**
     * Pools a context that threw nothing (one left inside a frame is reset when taken again); closes one
     * that threw, or that finds the pool full.
     */
    private static void giveContext(ZstdDecompressCtx context, boolean reusable) {
        if (!reusable || !CONTEXTS.offer(context)) {
            context.close();
        }
    }
}
