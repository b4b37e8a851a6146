package io.petrel.compression.internal;

import io.petrel.compression.CompressionType;
import java.io.IOException;

/**
 * The frame descriptor at the start of an LZ4 frame, read and checked the same way by the streaming
 * reader ({@link Lz4FrameInputStream}) and the buffer reader ({@link Lz4FrameDecoder}). Accepts every
 * option of the frame format that needs no external state: block sizes 64 KB to 4 MB, block checksums,
 * content size and content checksum. Rejects dictionary ids and linked blocks, and a declared content
 * size larger than the caller's limit.
 */
final class Lz4FrameHeader {

    /** The longest header: magic, FLG, BD, content size, dictionary id and header checksum. */
    static final int MAX_SIZE = 4 + 2 + 8 + 4 + 1;

    private static final CompressionType TYPE = CompressionType.LZ4;

    /** Where the descriptor's bytes come from. */
    @FunctionalInterface
    interface Source {
        /**
         * Reads exactly {@code len} bytes into {@code b} at {@code off}.
         *
         * @throws io.petrel.compression.CompressionException "input ends inside the {@code what}" when the
         *     input ends first
         */
        void readExactly(byte[] b, int off, int len, String what) throws IOException;
    }

    /** The largest block the frame may hold, decompressed or stored. */
    final int maxBlockSize;
    /** Whether each block is followed by the xxHash32 of its bytes as stored. */
    final boolean blockChecksums;
    /** The declared decompressed size, or -1 when the frame does not declare it. */
    final long contentSize;
    /** Whether the end mark is followed by the xxHash32 of the whole content. */
    final boolean contentChecksum;

    private Lz4FrameHeader(int maxBlockSize, boolean blockChecksums, long contentSize, boolean contentChecksum) {
        this.maxBlockSize = maxBlockSize;
        this.blockChecksums = blockChecksums;
        this.contentSize = contentSize;
        this.contentChecksum = contentChecksum;
    }

    /**
     * Reads and checks the magic number and frame descriptor, header checksum included.
     *
     * @param scratch at least {@link #MAX_SIZE} bytes to read into
     * @throws io.petrel.compression.CompressionException when the descriptor is corrupt, truncated,
     *     unsupported, or declares more content than {@code maxOutputBytes}
     */
    static Lz4FrameHeader read(Source in, byte[] scratch, long maxOutputBytes) throws IOException {
        in.readExactly(scratch, 0, 6, "frame header");
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
        int maxBlockSize = Lz4Frame.maxBlockSize(blockSizeId);
        boolean blockChecksums = (flg & Lz4Frame.FLG_BLOCK_CHECKSUM) != 0;

        long contentSize = -1;
        int descriptorLength = 2;
        if ((flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            in.readExactly(scratch, 6, 8, "frame header");
            contentSize = StreamIo.longLE(scratch, 6);
            descriptorLength += 8;
        }
        if ((flg & Lz4Frame.FLG_DICTIONARY_ID) != 0) {
            in.readExactly(scratch, 4 + descriptorLength, 4, "frame header");
            descriptorLength += 4;
        }
        in.readExactly(scratch, 4 + descriptorLength, 1, "frame header");
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
        return new Lz4FrameHeader(maxBlockSize, blockChecksums, contentSize,
                (flg & Lz4Frame.FLG_CONTENT_CHECKSUM) != 0);
    }
}
