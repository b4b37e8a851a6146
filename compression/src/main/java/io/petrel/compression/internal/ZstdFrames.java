package io.petrel.compression.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the structure of zstd frames (RFC 8878) without decompressing them, to size an output buffer:
 * frame headers, block headers and skippable frames. Never used to accept or reject input; zstd-jni
 * does that. Reads by absolute index, so the frames may lie in a heap array or in direct memory (a broker's
 * network buffer) alike.
 */
final class ZstdFrames {

    private static final int MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int MAX_BLOCK_SIZE = 128 * 1024;
    /**
     * The largest window zstd's streaming decoder accepts by default (window log 27). A frame asking
     * for more is refused by the stream, so it is not for us to size, let alone decode some other way.
     */
    static final long MAX_STREAMING_WINDOW = 1L << 27;

    private ZstdFrames() {}

    /**
     * The most bytes the frames in {@code frames}' bytes {@code [from, end)} (absolute indices) can decompress to:
     * the content size a frame declares, else its stored and RLE blocks' sizes plus the largest block size for each
     * compressed block. Returns -1 unless the bytes are exactly a sequence of well-formed zstd and skippable frames:
     * no dictionary, no window larger than {@code maxWindow} (nor than {@link #MAX_STREAMING_WINDOW}, which the
     * streaming decoder refuses), no block larger than the frame's maximum block size; and -1 when the bound passes
     * {@code ceiling} (past the caller's limit, the exact figure does not matter).
     */
    static long decompressedBound(ByteBuffer frames, int from, int end, long ceiling, long maxWindow) {
        // zstd's fields are little-endian; a view in that order reads them whatever order the caller's buffer has.
        ByteBuffer src = frames.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        int p = from;
        if (p == end) {
            return -1;
        }
        while (p < end) {
            if (end - p < 4) {
                return -1;
            }
            int magic = src.getInt(p);
            p += 4;
            if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
                if (end - p < 4) {
                    return -1;
                }
                long size = src.getInt(p) & 0xFFFFFFFFL;
                p += 4;
                if (size > end - p) {
                    return -1;
                }
                p += (int) size;
                continue;
            }
            if (magic != MAGIC || end - p < 1) {
                return -1;
            }
            int descriptor = src.get(p++) & 0xFF;
            int fcsFlag = descriptor >>> 6;
            boolean singleSegment = (descriptor & 0x20) != 0;
            boolean checksum = (descriptor & 0x04) != 0;
            int dictionaryIdFlag = descriptor & 0x03;
            if ((descriptor & 0x08) != 0) {
                return -1; // reserved bit
            }
            long windowSize = -1;
            if (!singleSegment) {
                if (end - p < 1) {
                    return -1;
                }
                int window = src.get(p++) & 0xFF;
                int windowLog = 10 + (window >>> 3);
                long windowBase = 1L << windowLog;
                windowSize = windowBase + (windowBase / 8) * (window & 0x07);
            }
            if (dictionaryIdFlag != 0) {
                return -1; // a dictionary would be needed: not for us to judge
            }
            int fcsSize = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
            if (end - p < fcsSize) {
                return -1;
            }
            long contentSize = -1;
            switch (fcsSize) {
                case 1:
                    contentSize = src.get(p) & 0xFF;
                    break;
                case 2:
                    contentSize = ((src.get(p) & 0xFF) | (src.get(p + 1) & 0xFF) << 8) + 256;
                    break;
                case 4:
                    contentSize = src.getInt(p) & 0xFFFFFFFFL;
                    break;
                case 8:
                    contentSize = src.getLong(p);
                    break;
                default:
                    break;
            }
            p += fcsSize;
            if (fcsSize == 8 && contentSize < 0) {
                return -1;
            }
            if (singleSegment) {
                windowSize = contentSize;
            }
            if (windowSize < 0 || windowSize > Math.min(maxWindow, MAX_STREAMING_WINDOW)) {
                return -1;
            }
            long blockMaximum = Math.min(windowSize, MAX_BLOCK_SIZE);
            long frameBound = 0;
            boolean last = false;
            while (!last) {
                if (end - p < 3) {
                    return -1;
                }
                int header = (src.get(p) & 0xFF) | (src.get(p + 1) & 0xFF) << 8 | (src.get(p + 2) & 0xFF) << 16;
                p += 3;
                last = (header & 1) != 0;
                int blockType = (header >>> 1) & 0x03;
                int blockSize = header >>> 3;
                int stored;
                switch (blockType) {
                    case 0: // raw
                        stored = blockSize;
                        frameBound += blockSize;
                        break;
                    case 1: // RLE: one byte, repeated blockSize times
                        stored = 1;
                        frameBound += blockSize;
                        break;
                    case 2: // compressed
                        stored = blockSize;
                        frameBound += blockMaximum;
                        break;
                    default:
                        return -1;
                }
                if (blockSize > blockMaximum || end - p < stored) {
                    return -1; // a block the format does not allow: the decoders may differ on it
                }
                p += stored;
            }
            if (checksum) {
                if (end - p < 4) {
                    return -1;
                }
                p += 4;
            }
            total += contentSize >= 0 ? contentSize : frameBound;
            if (total > ceiling) {
                return -1;
            }
        }
        return total;
    }
}
