package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gzip. Design: Kafka stores a gzip batch as a plain RFC 1952 member (10-byte header, deflate data,
 * CRC-32 and size trailer), which is exactly what the JDK's gzip streams read and write, so no
 * framing of our own is needed. Writes are buffered (16 KB in front of an 8 KB deflate buffer) to
 * keep the number of native deflate calls low when records are written a few bytes at a time; the
 * buffering does not change the bytes. Level -1 is zlib's default (6), as in Kafka.
 */
final class GzipCodec extends AbstractCodec {

    private static final int DEFLATE_BUFFER = 8 * 1024;
    private static final int WRITE_BUFFER = 16 * 1024;
    private static final int INFLATE_BUFFER = 8 * 1024;

    GzipCodec(int level) {
        super(CompressionType.GZIP, level);
    }

    @Override
    OutputStream openEncoder(OutputStream sink) throws IOException {
        return new BufferedOutputStream(new LevelledGzipOutputStream(sink, DEFLATE_BUFFER, level()), WRITE_BUFFER);
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) throws IOException {
        return new GZIPInputStream(source, INFLATE_BUFFER);
    }
}
