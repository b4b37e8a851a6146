package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Decodes snappy-java's stream framing held in a heap array, for {@code Codec.decompress}: the same
 * checks, results and messages as {@link XerialSnappyInputStream} behind the codec's bounded stream,
 * without its copies.
 *
 * <p>How it works: every chunk declares its decompressed length in its first bytes, so a walk over the
 * chunks sizes the output exactly before anything is decompressed, and each chunk is then decompressed
 * straight from the caller's array into its place in the output. The walk decides nothing: it stops at
 * anything unexpected, leaving the output to grow. The decoding pass checks in the streaming reader's
 * order: chunk length, chunk bounds, the library's reading of the declared length, the caller's limit
 * (before the chunk's output is allocated), then decompression.
 */
final class XerialSnappyDecoder {

    private static final CompressionType TYPE = CompressionType.SNAPPY;

    private final byte[] src;
    private final int end;
    private final int maxOutputBytes;
    private int position;
    private byte[] out;
    private int count;

    private XerialSnappyDecoder(byte[] src, int from, int end, int maxOutputBytes) {
        this.src = src;
        this.position = from;
        this.end = end;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** Decodes the remaining bytes of {@code input}, which must have an accessible array. */
    static ByteBuffer decode(ByteBuffer input, int maxOutputBytes) {
        int from = input.arrayOffset() + input.position();
        return new XerialSnappyDecoder(input.array(), from, from + input.remaining(), maxOutputBytes).decode();
    }

    private ByteBuffer decode() {
        int available = end - position;
        if (available == 0) {
            return ByteBuffer.allocate(0);
        }
        if (available < XerialSnappyInputStream.HEADER_SIZE || !XerialSnappyInputStream.hasMagic(src, position)) {
            // No stream header: like snappy-java, the whole input is one raw snappy block.
            out = new byte[0];
            decodeChunk(position, available);
            return ByteBuffer.wrap(out, 0, count);
        }
        XerialSnappyInputStream.checkVersion(src, position);
        position += XerialSnappyInputStream.HEADER_SIZE;
        out = new byte[plannedSize()];
        while (position < end) {
            if (end - position < 4) {
                throw Failures.corrupt(TYPE, "input ends inside a chunk length");
            }
            int size = StreamIo.intBE(src, position);
            if (size == XerialSnappyInputStream.MAGIC_HEAD) {
                // Another stream's header: snappy-java streams may be concatenated.
                if (end - position < XerialSnappyInputStream.HEADER_SIZE
                        || !XerialSnappyInputStream.hasMagic(src, position)) {
                    throw Failures.corrupt(TYPE, "incomplete stream header inside the stream");
                }
                XerialSnappyInputStream.checkVersion(src, position);
                position += XerialSnappyInputStream.HEADER_SIZE;
                continue;
            }
            position += 4;
            if (size <= 0 || size > XerialSnappyInputStream.MAX_CHUNK_SIZE) {
                throw Failures.corrupt(TYPE, "invalid chunk length " + size);
            }
            if (end - position < size) {
                throw Failures.corrupt(TYPE, "input ends inside a chunk of " + size + " bytes");
            }
            decodeChunk(position, size);
            position += size;
        }
        return ByteBuffer.wrap(out, 0, count).slice();
    }

    private void decodeChunk(int offset, int length) {
        int size;
        try {
            // The library's own reading of the length preamble, so the output always has room for it.
            size = Snappy.uncompressedLength(src, offset, length);
        } catch (IOException | RuntimeException | SnappyError e) {
            throw Failures.corrupt(TYPE, e);
        }
        if (size < 0) {
            throw Failures.corrupt(TYPE, "invalid decompressed chunk length");
        }
        if ((long) count + size > maxOutputBytes) {
            throw Failures.limitExceeded(TYPE, maxOutputBytes);
        }
        if (out.length - count < size) {
            out = Arrays.copyOf(out, (int) Math.max((long) count + size,
                    Math.min(maxOutputBytes, 2L * out.length)));
        }
        int n;
        try {
            n = Snappy.uncompress(src, offset, length, out, count);
        } catch (IOException | RuntimeException | SnappyError e) {
            throw Failures.corrupt(TYPE, e);
        }
        if (n != size) {
            throw Failures.corrupt(TYPE, "chunk declares " + size + " bytes but holds " + n);
        }
        count += n;
    }

    /**
     * The sum of the decompressed lengths the chunks declare, within the caller's limit, from a walk
     * that stops at the first thing it does not expect.
     */
    private int plannedSize() {
        long total = 0;
        int p = position;
        while (end - p >= 4 && total <= maxOutputBytes) {
            int size = StreamIo.intBE(src, p);
            if (size == XerialSnappyInputStream.MAGIC_HEAD) {
                p += XerialSnappyInputStream.HEADER_SIZE;
                continue;
            }
            if (size <= 0 || end - p - 4 < size) {
                break;
            }
            int declared = preamble(p + 4, size);
            if (declared < 0) {
                break;
            }
            total += declared;
            p += 4 + size;
        }
        return (int) Math.min(total, maxOutputBytes);
    }

    /** A raw snappy block's declared length (a little-endian base-128 varint), or -1 if malformed. */
    private int preamble(int offset, int length) {
        int value = 0;
        for (int i = 0; i < Math.min(5, length); i++) {
            int b = src[offset + i];
            value |= (b & 0x7f) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        return -1;
    }
}
