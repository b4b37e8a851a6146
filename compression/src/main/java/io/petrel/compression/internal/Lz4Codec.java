package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * LZ4. Design: Kafka (record format v2) stores an LZ4 batch as one LZ4 frame with independent
 * 64 KB blocks, no block or content checksum, no content size and a correct header checksum, so we
 * write exactly that with {@link Lz4FrameOutputStream}; lz4-java's own frame writer is not used
 * because its header and block choices differ from Kafka's. {@link Lz4FrameInputStream} reads any
 * frame the specification allows except dictionaries and linked blocks, which no Kafka client
 * writes.
 *
 * <p>Level choice mirrors Kafka 4.x exactly, so both produce the same bytes: the default level 9
 * uses LZ4's fast compressor, every other level (1 to 8 and 10 to 17) the high-compression
 * compressor at that level. So level 9 is faster and compresses less than level 8.
 */
final class Lz4Codec extends AbstractCodec {

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();

    private final LZ4Compressor compressor;

    Lz4Codec(int level) {
        super(CompressionType.LZ4, level);
        this.compressor = level == CompressionType.LZ4.defaultLevel()
                ? FACTORY.fastCompressor()
                : FACTORY.highCompressor(level);
    }

    @Override
    OutputStream openEncoder(OutputStream sink) throws IOException {
        return new Lz4FrameOutputStream(sink, compressor);
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) {
        return new Lz4FrameInputStream(source, FACTORY.safeDecompressor(), maxOutputBytes);
    }

    /**
     * A frame in a heap array is decoded in place by {@link Lz4FrameDecoder}, into {@code scratch} when the output
     * fits it; others are streamed.
     */
    @Override
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes, byte[] scratch) {
        if (!input.hasArray()) {
            return super.decompressBuffer(input, maxOutputBytes);
        }
        try {
            return Lz4FrameDecoder.decode(FACTORY.safeDecompressor(), input, maxOutputBytes, scratch);
        } catch (CompressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.corrupt(type(), e);
        }
    }
}
