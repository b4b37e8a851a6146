package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Reads snappy-java's stream framing: a 16-byte header (the magic {@code 0x82 "SNAPPY" 0x00}, then
 * big-endian version and minimum compatible version), then chunks, each a 4-byte big-endian length
 * followed by that many bytes of raw snappy data. Like snappy-java's reader, it also accepts
 * concatenated streams (a header where a chunk length is expected), an empty input (no output) and
 * input without the header, which is decoded as one raw snappy block; some non-Java Kafka clients
 * have written raw snappy.
 *
 * <p>Unlike snappy-java's reader, memory is bounded by what the caller allows: a chunk's declared
 * decompressed length is checked against the remaining limit before its output buffer is
 * allocated, and compressed chunks are buffered as their bytes arrive rather than at their declared
 * length.
 */
final class XerialSnappyInputStream extends DecodedBlockInputStream {

    private static final CompressionType TYPE = CompressionType.SNAPPY;
    static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    static final int MAGIC_HEAD = StreamIo.intBE(MAGIC, 0);
    static final int HEADER_SIZE = 16;
    private static final int MIN_COMPATIBLE_VERSION = 1;
    /** snappy-java's own ceiling for a chunk (and its writer's largest block size). */
    static final int MAX_CHUNK_SIZE = 512 * 1024 * 1024;
    private static final int MAX_RAW_INPUT = Integer.MAX_VALUE - 8;
    private static final int READ_STEP = 64 * 1024;

    private final InputStream in;
    private final long maxOutputBytes;
    private final byte[] header = new byte[HEADER_SIZE];

    private long declaredTotal;
    private byte[] chunk = new byte[0];
    private byte[] decoded = new byte[0];

    XerialSnappyInputStream(InputStream in, long maxOutputBytes) {
        this.in = in;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    protected void start() throws IOException {
        int n = StreamIo.readUpTo(in, header, 0, HEADER_SIZE);
        if (n == 0) {
            finish();
        } else if (n == HEADER_SIZE && hasMagic(header)) {
            checkVersion(header);
        } else {
            decodeRawInput(n);
        }
    }

    @Override
    protected void readNextBlock() throws IOException {
        int n = StreamIo.readUpTo(in, header, 0, 4);
        if (n == 0) {
            finish();
            return;
        }
        if (n < 4) {
            throw Failures.corrupt(TYPE, "input ends inside a chunk length");
        }
        int size = StreamIo.intBE(header, 0);
        if (size == MAGIC_HEAD) {
            // Another stream's header: snappy-java streams may be concatenated.
            if (StreamIo.readUpTo(in, header, 4, HEADER_SIZE - 4) < HEADER_SIZE - 4 || !hasMagic(header)) {
                throw Failures.corrupt(TYPE, "incomplete stream header inside the stream");
            }
            checkVersion(header);
            return;
        }
        if (size <= 0 || size > MAX_CHUNK_SIZE) {
            throw Failures.corrupt(TYPE, "invalid chunk length " + size);
        }
        int read = readGrowing(0, size);
        if (read < size) {
            throw Failures.corrupt(TYPE, "input ends inside a chunk of " + size + " bytes");
        }
        decode(size);
    }

    /** No stream header: snappy-java then reads the whole input as one raw snappy block. */
    private void decodeRawInput(int prefixLength) throws IOException {
        if (chunk.length < prefixLength) {
            chunk = new byte[Math.max(prefixLength, READ_STEP)];
        }
        System.arraycopy(header, 0, chunk, 0, prefixLength);
        int length = prefixLength + readGrowing(prefixLength, MAX_RAW_INPUT - prefixLength);
        decode(length);
        finish();
    }

    /**
     * Reads up to {@code max} bytes into {@code chunk} at {@code offset}, growing it only as bytes
     * actually arrive, so a lying length cannot force a large allocation.
     */
    private int readGrowing(int offset, int max) throws IOException {
        int total = 0;
        while (total < max) {
            int end = offset + total;
            if (end == chunk.length) {
                int grown = (int) Math.min((long) offset + max, Math.max(READ_STEP, 2L * chunk.length));
                chunk = Arrays.copyOf(chunk, grown);
            }
            int n = in.read(chunk, end, Math.min(max - total, chunk.length - end));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void decode(int length) {
        int size;
        try {
            // The library's own reading of the length preamble, so the buffer always fits its output.
            size = Snappy.uncompressedLength(chunk, 0, length);
        } catch (IOException | RuntimeException | SnappyError e) {
            throw Failures.corrupt(TYPE, e);
        }
        if (size < 0) {
            throw Failures.corrupt(TYPE, "invalid decompressed chunk length");
        }
        if (declaredTotal + size > maxOutputBytes) {
            throw Failures.limitExceeded(TYPE, maxOutputBytes);
        }
        declaredTotal += size;
        if (decoded.length < size) {
            decoded = new byte[size];
        }
        int n;
        try {
            n = Snappy.uncompress(chunk, 0, length, decoded, 0);
        } catch (IOException | RuntimeException | SnappyError e) {
            throw Failures.corrupt(TYPE, e);
        }
        if (n != size) {
            throw Failures.corrupt(TYPE, "chunk declares " + size + " bytes but holds " + n);
        }
        serve(decoded, n);
    }

    private static boolean hasMagic(byte[] bytes) {
        return hasMagic(bytes, 0);
    }

    /** Whether the stream magic starts at {@code offset}; the caller has checked there are 8 bytes. */
    static boolean hasMagic(byte[] bytes, int offset) {
        return Arrays.equals(bytes, offset, offset + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static void checkVersion(byte[] streamHeader) {
        checkVersion(streamHeader, 0);
    }

    /** Checks the version of the stream header starting at {@code offset}. */
    static void checkVersion(byte[] streamHeader, int offset) {
        int version = StreamIo.intBE(streamHeader, offset + 8);
        if (version < MIN_COMPATIBLE_VERSION) {
            throw Failures.corrupt(TYPE, "unsupported snappy-java stream version " + version);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
