package io.petrel.compression.internal;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parts every codec shares: the buffer methods are built on the streaming ones, so both always
 * produce the same frame, and all failures go through the same translation and limit checks.
 * Subclasses only say how to open their encoder and decoder.
 */
abstract class AbstractCodec implements Codec {

    private static final int COPY_CHUNK = 8192;
    /** Twice a 64 KiB producer batch: larger off-heap inputs get an array of their own. */
    static final int POOLED_COPY_BYTES = 128 * 1024;
    private static final ScratchArrays COPIES = new ScratchArrays(POOLED_COPY_BYTES);

    private final CompressionType type;
    private final int level;

    AbstractCodec(CompressionType type, int level) {
        this.type = type;
        this.level = level;
    }

    /**
     * Wraps the caller's output in this codec's encoder. Closing the encoder must complete the frame
     * and close {@code sink}.
     */
    abstract OutputStream openEncoder(OutputStream sink) throws IOException;

    /**
     * Wraps the compressed input in this codec's decoder. {@code maxOutputBytes} is only a hint for
     * decoders that can reject a declared size before allocating for it; the limit itself is
     * enforced by the caller.
     */
    abstract InputStream openDecoder(InputStream source, long maxOutputBytes) throws IOException;

    @Override
    public final CompressionType type() {
        return type;
    }

    /** Returns the level this codec compresses at (0 for codecs without levels). */
    final int level() {
        return level;
    }

    @Override
    public ByteBuffer compress(ByteBuffer src) {
        ByteSink sink = new ByteSink(src.remaining() / 2 + 64);
        try (OutputStream out = compressingStream(sink)) {
            copy(src, out);
        } catch (IOException e) {
            // The sink is in memory, so this can only be the codec itself failing.
            throw Failures.compressionFailed(type, e);
        }
        return sink.toByteBuffer();
    }

    /**
     * Decompresses through {@link #decompressBuffer}, which works on a duplicate, so {@code src} only
     * moves (to its limit, as {@link io.petrel.compression.Codec#decompress} promises) once the whole
     * frame has been decoded; a failure leaves it where it was.
     *
     * <p>Input outside the heap (a broker's request read into Netty's direct buffer, say) that the codec does not
     * decode where it lies ({@link #decompressOffHeap}: zstd does) is first copied into a heap array, because the
     * codecs' fast paths decode straight from an array: without it they fall back to the stream, which cost a zstd
     * batch of 62 KB a native decoder and its window buffer of its own, and 1.5-3x the allocation, for 15-20 us more
     * per batch than the copy does. Inputs up to {@link #POOLED_COPY_BYTES} are copied into a pooled array; no
     * decoder's output refers to its input, so the array is free again when the call returns.
     */
    @Override
    public final ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
        return decompress(src, maxOutputBytes, null);
    }

    /** {@code scratch} null: no caller's array to decode into. */
    @Override
    public final ByteBuffer decompress(ByteBuffer src, int maxOutputBytes, byte[] scratch) {
        Limits.requireNonNegative(maxOutputBytes);
        ByteBuffer out;
        if (src.hasArray()) {
            out = decompressBuffer(src.duplicate(), maxOutputBytes, scratch);
        } else {
            out = decompressOffHeap(src.duplicate(), maxOutputBytes, scratch);
            if (out == null) {
                out = decompressCopy(src, maxOutputBytes, scratch);
            }
        }
        src.position(src.limit());
        return out;
    }

    /**
     * Decodes a direct {@code input} where it lies, for a codec that can, or returns null (the default) for it
     * to be copied into a heap array and decoded by {@link #decompressBuffer(ByteBuffer, int, byte[])}. A codec
     * returns null also when its direct path declines the input, so the copy's path gives the canonical result.
     */
    ByteBuffer decompressOffHeap(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        return null;
    }

    private ByteBuffer decompressCopy(ByteBuffer src, int maxOutputBytes, byte[] scratch) {
        int size = src.remaining();
        boolean pooled = size <= POOLED_COPY_BYTES;
        byte[] copy = pooled ? COPIES.take() : new byte[size];
        try {
            src.duplicate().get(copy, 0, size);
            return decompressBuffer(ByteBuffer.wrap(copy, 0, size), maxOutputBytes, scratch);
        } finally {
            if (pooled) {
                COPIES.give(copy);
            }
        }
    }

    /**
     * {@link #decompressBuffer(ByteBuffer, int)}, whose output a codec may write into {@code scratch} (when not
     * null) instead of a new array; by default it does not.
     */
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        return decompressBuffer(input, maxOutputBytes);
    }

    /**
     * Decompresses all remaining bytes of {@code input}, which the codec may move, into a new heap buffer
     * (position 0, limit at its end) of at most {@code maxOutputBytes} bytes. By default this reads the
     * codec's decompressing stream, so both APIs decode alike; codecs override it with a faster path
     * over the buffer, which must produce the same bytes and fail with the same exceptions.
     */
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes) {
        return decompressStreaming(input, maxOutputBytes, outputSizeHint(input, maxOutputBytes));
    }

    /**
     * What the frame in {@code input} says its decompressed size will be, read without moving it and
     * without trusting it for anything but a first allocation; -1 when it does not say. The default
     * knows nothing.
     */
    int outputSizeHint(ByteBuffer input, int maxOutputBytes) {
        return -1;
    }

    /**
     * Reads the decompressing stream over {@code input} to its end. Without a size hint (-1) the output
     * array starts at a guess from the input's size and doubles when full, always reading as much as
     * fits. With one it starts at the hint, and when full probes for one more byte before growing, so
     * an exact hint costs no copy and no waste. Either way it never grows past {@code maxOutputBytes}.
     *
     * <p>Some decoders word their complaints about corrupt data according to how much output they
     * were asked for, so codecs that fall back here after a faster path failed pass -1, for the same
     * reads, and so the same messages, as a plain streaming decode.
     */
    final ByteBuffer decompressStreaming(ByteBuffer input, int maxOutputBytes, int sizeHint) {
        boolean hinted = sizeHint >= 0;
        int capacity = hinted
                ? Math.min(maxOutputBytes, sizeHint)
                : (int) Math.min(maxOutputBytes, Math.max(256L, Math.min(1 << 20, 4L * input.remaining())));
        byte[] out = new byte[capacity];
        int count = 0;
        try (InputStream in = decompressingStream(new ByteBufferInputStream(input), maxOutputBytes)) {
            while (true) {
                if (count == out.length) {
                    if (out.length >= maxOutputBytes) {
                        // Full at the limit: the bounded stream throws if there is more.
                        if (in.read() < 0) {
                            break;
                        }
                        throw new IllegalStateException("bounded stream passed the limit");
                    }
                    int grown = (int) Math.min(maxOutputBytes, Math.max(256L, 2L * out.length));
                    if (hinted) {
                        // Probably the end: look before copying the output into a bigger array.
                        int next = in.read();
                        if (next < 0) {
                            break;
                        }
                        out = Arrays.copyOf(out, grown);
                        out[count++] = (byte) next;
                        continue;
                    }
                    out = Arrays.copyOf(out, grown);
                }
                int n = in.read(out, count, out.length - count);
                if (n < 0) {
                    break;
                }
                count += n;
            }
        } catch (IOException e) {
            // The source is in memory, so this can only be the codec itself failing.
            throw Failures.corrupt(type, e);
        }
        return ByteBuffer.wrap(out, 0, count).slice();
    }

    @Override
    public final OutputStream compressingStream(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new EncodingOutputStream(out, this::openEncoder, type);
    }

    @Override
    public final InputStream decompressingStream(InputStream in, long maxOutputBytes) {
        Objects.requireNonNull(in, "in");
        Limits.requireNonNegative(maxOutputBytes);
        DecodingInputStream decoded =
                new DecodingInputStream(in, source -> openDecoder(source, maxOutputBytes), type);
        return new BoundedInputStream(decoded, maxOutputBytes, type);
    }

    private static void copy(ByteBuffer src, OutputStream out) throws IOException {
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        byte[] chunk = new byte[Math.min(COPY_CHUNK, src.remaining())];
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        AbstractCodec other = (AbstractCodec) o;
        return type == other.type && level == other.level;
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + level;
    }

    @Override
    public String toString() {
        return type.hasLevels() ? type.configName() + "(level " + level + ")" : type.configName();
    }
}
