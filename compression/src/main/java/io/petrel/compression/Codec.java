package io.petrel.compression;

import io.petrel.compression.internal.Codecs;
import io.petrel.compression.internal.UnclosedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Compresses and decompresses record-batch payloads with one {@link CompressionType} at one level,
 * using exactly the framing Kafka uses inside a record batch.
 *
 * <p>Instances are immutable and thread-safe; obtain them with {@link #of(CompressionType)} (cached
 * per type) or {@link #of(CompressionType, int)} and reuse them freely. The streams they return are
 * not thread-safe and must be closed: some codecs hold native memory until then.
 *
 * <p>Every decompressing method takes a limit on the number of decompressed bytes and fails with a
 * {@link CompressionException} as soon as the output would exceed it, without allocating much more
 * than the limit. Corrupt or truncated input likewise fails with a {@code CompressionException}
 * whose message names the codec.
 */
public interface Codec {

    /**
     * Returns the compression type this codec implements.
     *
     * @return the compression type
     */
    CompressionType type();

    /**
     * Compresses all remaining bytes of {@code src} into one complete frame.
     *
     * @param src the bytes to compress; its position is advanced to its limit
     * @return a new heap buffer holding the compressed frame, position 0 and limit at its end
     * @throws CompressionException if the underlying library fails
     */
    ByteBuffer compress(ByteBuffer src);

    /**
     * Compresses {@code length} bytes of {@code src} from {@code offset} into one complete frame, written to
     * {@code out}, which is not closed: for a caller that has the whole input in hand, such as a record
     * batch's encoded records.
     *
     * <p>The frame decodes to the same bytes as the one {@link #compress(ByteBuffer)} and
     * {@link #compressingStream} write, at the same level, and is read by any Kafka client, but it need not
     * be the same bytes: knowing the whole input, a codec may say so in its header. zstd does: its frame
     * records the content size, and its window is then no larger than the input, so decoders allocate less.
     * zstd compresses in one native call into a pooled array and writes the frame to {@code out} in one
     * write; the other codecs stream it as {@link #compressingStream} does.
     *
     * @param src the bytes to compress
     * @param offset where they start in {@code src}
     * @param length how many there are
     * @param out where the frame goes; left open
     * @throws IOException if {@code out} throws it
     * @throws CompressionException if the underlying library fails
     * @throws IndexOutOfBoundsException if the range is not within {@code src}
     */
    default void compress(byte[] src, int offset, int length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(offset, length, src.length);
        try (OutputStream encoder = compressingStream(new UnclosedOutputStream(out))) {
            encoder.write(src, offset, length);
        }
    }

    /**
     * Decompresses all remaining bytes of {@code src}.
     *
     * @param src the compressed frame; on success its position is advanced to its limit
     * @param maxOutputBytes the largest number of decompressed bytes accepted
     * @return a new heap buffer holding the decompressed bytes, position 0 and limit at its end
     * @throws CompressionException if the decompressed size would exceed {@code maxOutputBytes}
     *     (message "decompressed size exceeds the limit of N bytes"), or if {@code src} is corrupt or
     *     truncated; the message names the codec
     * @throws IllegalArgumentException if {@code maxOutputBytes} is negative
     */
    ByteBuffer decompress(ByteBuffer src, int maxOutputBytes);

    /**
     * As {@link #decompress(ByteBuffer, int)}, except that the decompressed bytes may be written into
     * {@code scratch} (from its index 0) and returned as a buffer over it: for a caller that reads them and is
     * done with them before it uses {@code scratch} again, such as a broker checking a batch's records, so that
     * no output array is allocated (and zeroed) per frame. Codecs that cannot decode into it, and output that
     * does not fit it, get a new array as before; either way the result and the failures are the same as
     * {@link #decompress(ByteBuffer, int)}'s.
     *
     * @param scratch an array the caller owns; its contents before the call do not matter
     * @return the decompressed bytes, position 0 and limit at their end, over {@code scratch} or a new array
     */
    default ByteBuffer decompress(ByteBuffer src, int maxOutputBytes, byte[] scratch) {
        return decompress(src, maxOutputBytes);
    }

    /**
     * Returns a stream that compresses what is written to it and writes the frame to {@code out}.
     * The frame is only complete once the stream is closed; closing it also closes {@code out}.
     * Nothing is written to {@code out} before the first write, flush or close.
     *
     * @param out where the compressed frame goes
     * @return the compressing stream
     */
    OutputStream compressingStream(OutputStream out);

    /**
     * Returns a stream of the bytes decompressed from {@code in}. Closing it also closes {@code in}.
     *
     * <p>Reading fails with a {@link CompressionException} (unchecked, not an {@code IOException})
     * once more than {@code maxOutputBytes} bytes would have been produced in total, or when the
     * input is corrupt or truncated. An {@link java.io.IOException} thrown by {@code in} itself is
     * passed on unchanged. Nothing is read from {@code in} before the first read.
     *
     * @param in the compressed frame
     * @param maxOutputBytes the largest number of decompressed bytes the stream may produce
     * @return the decompressing stream
     * @throws IllegalArgumentException if {@code maxOutputBytes} is negative
     */
    InputStream decompressingStream(InputStream in, long maxOutputBytes);

    /**
     * Returns the shared codec for {@code type} at its default level.
     *
     * @param type the compression type
     * @return the cached codec
     */
    static Codec of(CompressionType type) {
        return Codecs.of(type);
    }

    /**
     * Returns a codec for {@code type} at {@code level}.
     *
     * <p>Accepted levels are those of Kafka's {@code compression.<type>.level} settings: gzip 1 to 9
     * or -1 (zlib's default, level 6), lz4 1 to 17 (default 9), zstd -131072 to 22 (default 3).
     * {@link CompressionType#NONE} and {@link CompressionType#SNAPPY} have no level and only accept
     * {@link CompressionType#defaultLevel()}, which is 0.
     *
     * @param type the compression type
     * @param level the compression level
     * @return a codec at that level
     * @throws CompressionException if the level is out of range (the message names the value and the
     *     range) or the codec has no levels (the message names the codec)
     */
    static Codec of(CompressionType type, int level) {
        return Codecs.of(type, level);
    }
}
