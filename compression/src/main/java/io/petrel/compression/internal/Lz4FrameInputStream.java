package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Reads one LZ4 frame from a stream. Accepts every option of the frame format that needs no external
 * state (see {@link Lz4FrameHeader}): block sizes 64 KB to 4 MB, block checksums, content size and
 * content checksum, all of which are verified, as is the header checksum. Bytes after the end mark are
 * ignored, as Kafka does. {@link Lz4FrameDecoder} reads a frame held in memory the same way.
 *
 * <p>Memory is bounded by the frame's block size (at most 4 MB each for the compressed and the
 * decompressed block), whatever the blocks claim; a declared content size larger than the caller's
 * limit is refused before any block is read.
 */
final class Lz4FrameInputStream extends DecodedBlockInputStream {

    private static final CompressionType TYPE = CompressionType.LZ4;

    private final InputStream in;
    private final LZ4SafeDecompressor decompressor;
    private final long maxOutputBytes;
    private final byte[] scratch = new byte[Lz4FrameHeader.MAX_SIZE];

    private int maxBlockSize;
    private boolean blockChecksums;
    private long contentSize = -1;
    private StreamingXXHash32 contentHash;
    private long produced;

    private byte[] compressed;
    private byte[] block;

    Lz4FrameInputStream(InputStream in, LZ4SafeDecompressor decompressor, long maxOutputBytes) {
        this.in = in;
        this.decompressor = decompressor;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    protected void start() throws IOException {
        Lz4FrameHeader header = Lz4FrameHeader.read(this::readExactly, scratch, maxOutputBytes);
        maxBlockSize = header.maxBlockSize;
        blockChecksums = header.blockChecksums;
        contentSize = header.contentSize;
        if (header.contentChecksum) {
            contentHash = XXHashFactory.fastestJavaInstance().newStreamingHash32(Lz4Frame.XXHASH_SEED);
        }
    }

    @Override
    protected void readNextBlock() throws IOException {
        readExactly(scratch, 0, 4, "block size");
        int sizeField = StreamIo.intLE(scratch, 0);
        if (sizeField == Lz4Frame.END_MARK) {
            readEnd();
            return;
        }
        int size = sizeField & ~Lz4Frame.UNCOMPRESSED_BLOCK;
        if (size > maxBlockSize) {
            throw Failures.corrupt(TYPE, "block of " + size + " bytes exceeds the frame's maximum of "
                    + maxBlockSize);
        }
        if (block == null) {
            block = new byte[maxBlockSize];
        }
        boolean stored = (sizeField & Lz4Frame.UNCOMPRESSED_BLOCK) != 0;
        byte[] target = stored ? block : compressedBuffer();
        readExactly(target, 0, size, "block");
        if (blockChecksums) {
            readExactly(scratch, 0, 4, "block checksum");
            if (StreamIo.intLE(scratch, 0) != Lz4Frame.XXHASH.hash(target, 0, size, Lz4Frame.XXHASH_SEED)) {
                throw Failures.corrupt(TYPE, "block checksum mismatch");
            }
        }
        int decoded = stored ? size : decompress(size);
        if (contentHash != null) {
            contentHash.update(block, 0, decoded);
        }
        produced += decoded;
        if (contentSize >= 0 && produced > contentSize) {
            throw Failures.corrupt(TYPE, "frame holds more than its declared content size of " + contentSize
                    + " bytes");
        }
        serve(block, decoded);
    }

    private int decompress(int size) {
        try {
            return decompressor.decompress(compressed, 0, size, block, 0, maxBlockSize);
        } catch (LZ4Exception e) {
            throw Failures.corrupt(TYPE, e);
        }
    }

    private byte[] compressedBuffer() {
        if (compressed == null) {
            compressed = new byte[maxBlockSize];
        }
        return compressed;
    }

    private void readEnd() throws IOException {
        finish();
        if (contentHash != null) {
            readExactly(scratch, 0, 4, "content checksum");
            if (StreamIo.intLE(scratch, 0) != contentHash.getValue()) {
                throw Failures.corrupt(TYPE, "content checksum mismatch");
            }
        }
        if (contentSize >= 0 && produced != contentSize) {
            throw Failures.corrupt(TYPE, "frame declares " + contentSize + " bytes of content but holds "
                    + produced);
        }
    }

    private void readExactly(byte[] b, int off, int len, String what) throws IOException {
        if (StreamIo.readUpTo(in, b, off, len) < len) {
            throw Failures.corrupt(TYPE, "input ends inside the " + what);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (contentHash != null) {
                contentHash.close();
            }
        } finally {
            in.close();
        }
    }
}
