package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The identity codec. Design: an uncompressed batch stores its records as they are, so there is no
 * frame at all; the buffer methods copy, and the limit is checked before copying anything.
 */
final class NoneCodec extends AbstractCodec {

    NoneCodec() {
        super(CompressionType.NONE, CompressionType.NONE.defaultLevel());
    }

    @Override
    public ByteBuffer compress(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src);
        return copy.flip();
    }

    @Override
    ByteBuffer decompressBuffer(ByteBuffer input, int maxOutputBytes) {
        if (input.remaining() > maxOutputBytes) {
            throw Failures.limitExceeded(CompressionType.NONE, maxOutputBytes);
        }
        return compress(input);
    }

    @Override
    OutputStream openEncoder(OutputStream sink) {
        return new FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        };
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) {
        return source;
    }
}
