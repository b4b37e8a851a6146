package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Snappy. Design: Kafka's Java client has always written snappy batches with snappy-java's
 * {@code SnappyOutputStream} (the "xerial" framing: a 16-byte header, then chunks each prefixed by a
 * big-endian length), not raw snappy and not the snappy framing format, so that is what we write,
 * with the same library and default 32 KB chunks. Reading uses {@link XerialSnappyInputStream}
 * rather than snappy-java's reader, which allocates whatever a chunk declares (up to gigabytes) and
 * signals some corruption with an {@code Error}.
 */
final class SnappyCodec extends AbstractCodec {

    SnappyCodec() {
        super(CompressionType.SNAPPY, CompressionType.SNAPPY.defaultLevel());
    }

    @Override
    OutputStream openEncoder(OutputStream sink) {
        return new SnappyOutputStream(sink);
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) {
        return new XerialSnappyInputStream(source, maxOutputBytes);
    }

    /** Framing in a heap array is decoded in place by {@link XerialSnappyDecoder}; other input is streamed. */
    @Override
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes) {
        if (!input.hasArray()) {
            return super.decompressBuffer(input, maxOutputBytes);
        }
        try {
            return XerialSnappyDecoder.decode(input, maxOutputBytes);
        } catch (CompressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.corrupt(type(), e);
        }
    }
}
