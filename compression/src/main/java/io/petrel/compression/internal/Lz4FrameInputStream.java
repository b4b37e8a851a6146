package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Reads one LZ4 frame. Accepts every option of the frame format that needs no external state:
 * block sizes 64 KB to 4 MB, block checksums, content size and content checksum, all of which are
 * verified, as is the header checksum. Rejects dictionary ids and linked blocks. Bytes after the
 * end mark are ignored, as Kafka does.
 *
 * <p>Memory is bounded by the frame's block size (at most 4 MB each for the compressed and the
 * decompressed block), whatever the blocks claim; a declared content size larger than the caller's
 * limit is refused before any block is read.
 */
final class Lz4FrameInputStream extends InputStream {

    private static final CompressionType TYPE = CompressionType.LZ4;

    private final InputStream in;
    private final LZ4SafeDecompressor decompressor;
    private final long maxOutputBytes;
    private final byte[] scratch = new byte[15];

    private boolean headerRead;
    private boolean finished;
    private int maxBlockSize;
    private boolean blockChecksums;
    private long contentSize = -1;
    private StreamingXXHash32 contentHash;
    private long produced;

    private byte[] compressed;
    private byte[] block;
    private byte[] current;
    private int position;
    private int limit;

    Lz4FrameInputStream(InputStream in, LZ4SafeDecompressor decompressor, long maxOutputBytes) {
        this.in = in;
        this.decompressor = decompressor;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes decoded bytes available; returns false at the end of the frame. */
    private boolean fill() throws IOException {
        if (!headerRead) {
            readHeader();
            headerRead = true;
        }
        while (position == limit) {
            if (finished) {
                return false;
            }
            readBlock();
        }
        return true;
    }

    private void readHeader() throws IOException {
        readExactly(scratch, 0, 6, "frame header");
        int magic = StreamIo.intLE(scratch, 0);
        if (magic != Lz4Frame.MAGIC) {
            throw Failures.corrupt(TYPE, String.format("not an LZ4 frame (magic 0x%08X)", magic));
        }
        int flg = scratch[4] & 0xFF;
        int bd = scratch[5] & 0xFF;
        if ((flg & Lz4Frame.FLG_VERSION_MASK) != Lz4Frame.FLG_VERSION_01) {
            throw Failures.corrupt(TYPE, "unknown frame version " + (flg >>> 6));
        }
        if ((flg & Lz4Frame.FLG_RESERVED) != 0 || (bd & Lz4Frame.BD_RESERVED) != 0) {
            throw Failures.corrupt(TYPE, "reserved bits set in the frame descriptor");
        }
        int blockSizeId = (bd >>> 4) & 0x7;
        if (blockSizeId < Lz4Frame.BLOCK_SIZE_ID_64KB) {
            throw Failures.corrupt(TYPE, "invalid block size id " + blockSizeId);
        }
        maxBlockSize = Lz4Frame.maxBlockSize(blockSizeId);
        blockChecksums = (flg & Lz4Frame.FLG_BLOCK_CHECKSUM) != 0;

        int descriptorLength = 2;
        if ((flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            readExactly(scratch, 6, 8, "frame header");
            contentSize = StreamIo.longLE(scratch, 6);
            descriptorLength += 8;
        }
        if ((flg & Lz4Frame.FLG_DICTIONARY_ID) != 0) {
            readExactly(scratch, 4 + descriptorLength, 4, "frame header");
            descriptorLength += 4;
        }
        readExactly(scratch, 4 + descriptorLength, 1, "frame header");
        if (scratch[4 + descriptorLength] != Lz4Frame.headerChecksum(scratch, 4, descriptorLength)) {
            throw Failures.corrupt(TYPE, "frame header checksum mismatch");
        }
        if ((flg & Lz4Frame.FLG_DICTIONARY_ID) != 0) {
            throw Failures.unsupported(TYPE, "frames that need a dictionary");
        }
        if ((flg & Lz4Frame.FLG_BLOCK_INDEPENDENCE) == 0) {
            throw Failures.unsupported(TYPE, "frames with linked blocks");
        }
        if (contentSize < 0 && (flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            throw Failures.corrupt(TYPE, "content size " + Long.toUnsignedString(contentSize) + " is too large");
        }
        if (contentSize > maxOutputBytes) {
            throw Failures.limitExceeded(TYPE, maxOutputBytes);
        }
        if ((flg & Lz4Frame.FLG_CONTENT_CHECKSUM) != 0) {
            contentHash = XXHashFactory.fastestJavaInstance().newStreamingHash32(Lz4Frame.XXHASH_SEED);
        }
    }

    private void readBlock() throws IOException {
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
        current = block;
        position = 0;
        limit = decoded;
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
        finished = true;
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
