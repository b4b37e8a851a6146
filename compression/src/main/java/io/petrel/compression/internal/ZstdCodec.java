package io.petrel.compression.internal;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.petrel.compression.CompressionType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Zstandard. Design: Kafka stores a zstd batch as one ordinary zstd frame (no dictionary, no
 * extra framing), so zstd-jni's streaming classes are used as they are. The no-finalizer variants
 * free their native context on close rather than at garbage collection, and a recycling buffer
 * pool avoids allocating zstd-jni's large staging buffers for every batch. Decompression is
 * streamed, so output beyond the caller's limit is never produced.
 */
final class ZstdCodec extends AbstractCodec {

    private static final int WRITE_BUFFER = 16 * 1024;

    ZstdCodec(int level) {
        super(CompressionType.ZSTD, level);
    }

    @Override
    OutputStream openEncoder(OutputStream sink) throws IOException {
        return new BufferedOutputStream(
                new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE, level()), WRITE_BUFFER);
    }

    @Override
    InputStream openDecoder(InputStream source, long maxOutputBytes) throws IOException {
        return new ZstdInputStreamNoFinalizer(source, RecyclingBufferPool.INSTANCE);
    }
}
