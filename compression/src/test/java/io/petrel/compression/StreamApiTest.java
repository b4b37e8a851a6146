package io.petrel.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamApiTest {

    private static final byte[] TEXT = Samples.text(150 * Samples.KB);

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void closingTheCompressingStreamClosesTheOutputOnceAndFurtherWritesFail(CompressionType type)
            throws IOException {
        CountingCloseOutput sink = new CountingCloseOutput();
        OutputStream out = Codec.of(type).compressingStream(sink);
        out.write(TEXT);
        out.close();
        out.close();

        assertEquals(1, sink.closes);
        assertThrows(IOException.class, () -> out.write(1));
        assertArrayEquals(TEXT, Samples.decompress(Codec.of(type), sink.toByteArray(), TEXT.length));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void closingAnUnwrittenCompressingStreamWritesAnEmptyFrame(CompressionType type) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Codec.of(type).compressingStream(sink).close();

        assertArrayEquals(Samples.compress(Codec.of(type), Samples.empty()), sink.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void decompressingStreamReadsByteByByteAndClosesItsInput(CompressionType type) throws IOException {
        byte[] compressed = Samples.compress(Codec.of(type), TEXT);
        CountingCloseInput source = new CountingCloseInput(new ByteArrayInputStream(compressed));
        ByteArrayOutputStream read = new ByteArrayOutputStream();

        try (InputStream in = Codec.of(type).decompressingStream(source, TEXT.length)) {
            for (int b; (b = in.read()) >= 0; ) {
                read.write(b);
            }
            assertEquals(-1, in.read());
        }

        assertArrayEquals(TEXT, read.toByteArray());
        assertEquals(1, source.closes);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void anIoExceptionFromTheInputIsPassedOnUnchanged(CompressionType type) throws IOException {
        byte[] compressed = Samples.compress(Codec.of(type), TEXT);
        IOException failure = new IOException("network down");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(compressed, 0, compressed.length / 2)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int n = super.read();
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };

        try (InputStream in = Codec.of(type).decompressingStream(failing, TEXT.length)) {
            IOException thrown = assertThrows(IOException.class, in::readAllBytes);
            assertSame(failure, rootOrSelf(thrown, failure));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void nothingIsReadOrWrittenBeforeFirstUse(CompressionType type) throws IOException {
        CountingCloseOutput sink = new CountingCloseOutput();
        Codec.of(type).compressingStream(sink);
        InputStream neverRead = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read before first use");
            }
        };
        Codec.of(type).decompressingStream(neverRead, 10);

        assertEquals(0, sink.size());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void bufferMethodsConsumeTheirInputAndReturnReadableBuffers(CompressionType type) {
        ByteBuffer src = ByteBuffer.allocateDirect(TEXT.length + 10);
        src.position(10);
        src.put(TEXT);
        src.position(10);

        ByteBuffer compressed = Codec.of(type).compress(src);
        assertEquals(src.limit(), src.position());
        assertEquals(0, compressed.position());

        ByteBuffer decompressed = Codec.of(type).decompress(compressed, TEXT.length);
        assertEquals(compressed.limit(), compressed.position());
        assertEquals(0, decompressed.position());
        assertArrayEquals(TEXT, Samples.bytes(decompressed));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aCodecIsSafeToShareBetweenThreads(CompressionType type) throws Exception {
        Codec codec = Codec.of(type);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 32; task++) {
                byte[] data = Samples.random(20_000 + task, task);
                System.arraycopy(TEXT, 0, data, 0, 10_000);
                results.add(pool.submit(() ->
                        java.util.Arrays.equals(data, Samples.decompress(codec, Samples.compress(codec, data), data.length))));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Throwable rootOrSelf(Throwable thrown, Throwable expected) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t == expected) {
                return t;
            }
        }
        return thrown;
    }

    private static final class CountingCloseOutput extends ByteArrayOutputStream {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    private static final class CountingCloseInput extends FilterInputStream {
        int closes;

        CountingCloseInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closes++;
            super.close();
        }
    }
}
