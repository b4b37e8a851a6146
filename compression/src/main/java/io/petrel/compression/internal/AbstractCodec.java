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

    @Override
    public ByteBuffer decompress(ByteBuffer src, int maxOutputBytes) {
        Limits.requireNonNegative(maxOutputBytes);
        ByteBuffer input = src.duplicate();
        int guess = (int) Math.min(maxOutputBytes, Math.max(256L, Math.min(1 << 20, 4L * input.remaining())));
        byte[] out = new byte[guess];
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
                    out = Arrays.copyOf(out, (int) Math.min(maxOutputBytes, 2L * out.length));
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
        src.position(src.limit());
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
