package io.petrel.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/** Compresses and decompresses with kafka-clients, the reference implementation. */
final class KafkaReference {

    private static final byte MAGIC_V2 = 2;

    private KafkaReference() {}

    static Compression compression(CompressionType type) {
        return Compression.of(kafkaType(type)).build();
    }

    static Compression compression(CompressionType type, int level) {
        switch (type) {
            case GZIP:
                return Compression.gzip().level(level).build();
            case LZ4:
                return Compression.lz4().level(level).build();
            case ZSTD:
                return Compression.zstd().level(level).build();
            default:
                return compression(type);
        }
    }

    static org.apache.kafka.common.record.internal.CompressionType kafkaType(CompressionType type) {
        return org.apache.kafka.common.record.internal.CompressionType.forId(type.id());
    }

    static byte[] compress(Compression compression, byte[] data) {
        ByteBufferOutputStream buffer = new ByteBufferOutputStream(256);
        try (OutputStream out = compression.wrapForOutput(buffer, MAGIC_V2)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer written = buffer.buffer();
        written.flip();
        return Samples.bytes(written);
    }

    static byte[] decompress(Compression compression, byte[] compressed) {
        try (InputStream in =
                compression.wrapForInput(ByteBuffer.wrap(compressed), MAGIC_V2, BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
