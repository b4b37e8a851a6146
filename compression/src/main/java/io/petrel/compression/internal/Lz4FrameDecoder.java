package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Decodes one LZ4 frame held in a heap array, for {@code Codec.decompress}: the same checks, results
 * and messages as {@link Lz4FrameInputStream} behind the codec's bounded stream, without its copies.
 *
 * <p>How it works: blocks are decompressed straight from the caller's array into the output array,
 * which is sized before the first block from a walk over the block headers (a stored block counts its
 * size, a compressed one the frame's maximum block size), so a Kafka frame (full 64 KB blocks but the
 * last) needs no growth and wastes less than one block. A frame of a single compressed block, the
 * common small batch, is decompressed into a pooled working array and copied out at its exact size,
 * which costs less than zeroing a block-sized output array. A compressed block goes straight into the
 * output only when the output has room for the frame's maximum block size, which is what the streaming
 * reader gives the decompressor, so a block fails or succeeds exactly as it would there; otherwise it
 * goes through a working array and is copied once its size is checked against the caller's limit.
 *
 * <p>Checks run in the streaming reader's order, block by block: size field, block bounds, block
 * checksum, decompression, declared content size, then the caller's limit; then the end mark's content
 * checksum and declared size. The walk that sizes the output decides nothing: a frame it does not
 * understand simply gets a smaller first array.
 */
final class Lz4FrameDecoder {

    private static final CompressionType TYPE = CompressionType.LZ4;
    private static final ScratchArrays SCRATCH =
            new ScratchArrays(Lz4Frame.maxBlockSize(Lz4Frame.BLOCK_SIZE_ID_64KB));

    private final LZ4SafeDecompressor decompressor;
    private final byte[] src;
    private final int end;
    private final int maxOutputBytes;
    /** The caller's array to decode into when the output's first size fits it, or null. */
    private final byte[] into;
    private int position;

    private Lz4FrameHeader header;
    private byte[] out;
    private int count;
    private byte[] scratch;
    private boolean pooledScratch;

    private Lz4FrameDecoder(LZ4SafeDecompressor decompressor, byte[] src, int from, int end, int maxOutputBytes,
                            byte[] into) {
        this.decompressor = decompressor;
        this.src = src;
        this.position = from;
        this.end = end;
        this.maxOutputBytes = maxOutputBytes;
        this.into = into;
    }

    /**
     * Decodes the frame in the remaining bytes of {@code input}, which must have an accessible array; into
     * {@code into} (may be null) when the output fits it, so the result may be a view of that array.
     */
    static ByteBuffer decode(LZ4SafeDecompressor decompressor, ByteBuffer input, int maxOutputBytes, byte[] into) {
        int from = input.arrayOffset() + input.position();
        Lz4FrameDecoder decoder = new Lz4FrameDecoder(
                decompressor, input.array(), from, from + input.remaining(), maxOutputBytes, into);
        try {
            return decoder.decode();
        } finally {
            decoder.releaseScratch();
        }
    }

    private ByteBuffer decode() {
        try {
            header = Lz4FrameHeader.read(this::readExactly, new byte[Lz4FrameHeader.MAX_SIZE], maxOutputBytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory input cannot fail", e);
        }
        if (isSingleCompressedBlock()) {
            return decodeSingleBlock();
        }
        int capacity = initialCapacity();
        out = into != null && into.length >= capacity ? into : new byte[capacity];
        while (true) {
            int sizeField = readInt("block size");
            if (sizeField == Lz4Frame.END_MARK) {
                readEnd();
                return ByteBuffer.wrap(out, 0, count).slice();
            }
            int size = blockSize(sizeField);
            int block = readBlock(size);
            if ((sizeField & Lz4Frame.UNCOMPRESSED_BLOCK) != 0) {
                produced(size);
                ensureRoom(size);
                System.arraycopy(src, block, out, count, size);
                count += size;
            } else if (out.length - count >= header.maxBlockSize) {
                int decoded = decompress(block, size, out, count);
                produced(decoded);
                count += decoded;
            } else {
                byte[] working = scratch();
                int decoded = decompress(block, size, working, 0);
                produced(decoded);
                ensureRoom(decoded);
                System.arraycopy(working, 0, out, count, decoded);
                count += decoded;
            }
        }
    }

    /** One compressed block of at most 64 KB, then the end mark: the frame of a small batch. */
    private boolean isSingleCompressedBlock() {
        if (header.maxBlockSize != SCRATCH.size() || end - position < 4) {
            return false;
        }
        int sizeField = StreamIo.intLE(src, position);
        if (sizeField == Lz4Frame.END_MARK || (sizeField & Lz4Frame.UNCOMPRESSED_BLOCK) != 0) {
            return false;
        }
        long next = (long) position + 4 + sizeField + (header.blockChecksums ? 4 : 0);
        return next + 4 <= end && StreamIo.intLE(src, (int) next) == Lz4Frame.END_MARK;
    }

    private ByteBuffer decodeSingleBlock() {
        int size = blockSize(readInt("block size"));
        int block = readBlock(size);
        boolean direct = into != null && into.length >= header.maxBlockSize;
        byte[] working = direct ? into : scratch();
        int decoded = decompress(block, size, working, 0);
        produced(decoded);
        // Else a fresh array filled by one copy: the JIT skips zeroing it.
        out = direct ? into : Arrays.copyOf(working, decoded);
        count = decoded;
        readInt("block size"); // the end mark, seen by isSingleCompressedBlock
        readEnd();
        return ByteBuffer.wrap(out, 0, count).slice();
    }

    /** The output array to start with: what the block headers promise, within the caller's limit. */
    private int initialCapacity() {
        long capacity = 0;
        int p = position;
        while (end - p >= 4 && capacity < maxOutputBytes) {
            int sizeField = StreamIo.intLE(src, p);
            int size = sizeField & ~Lz4Frame.UNCOMPRESSED_BLOCK;
            if (sizeField == Lz4Frame.END_MARK || size > header.maxBlockSize) {
                break;
            }
            boolean stored = (sizeField & Lz4Frame.UNCOMPRESSED_BLOCK) != 0;
            capacity += stored ? size : header.maxBlockSize;
            long next = (long) p + 4 + size + (header.blockChecksums ? 4 : 0);
            if (next > end) {
                break;
            }
            p = (int) next;
        }
        if (header.contentSize >= 0) {
            capacity = Math.min(capacity, header.contentSize);
        }
        return (int) Math.min(capacity, maxOutputBytes);
    }

    private int blockSize(int sizeField) {
        int size = sizeField & ~Lz4Frame.UNCOMPRESSED_BLOCK;
        if (size > header.maxBlockSize) {
            throw Failures.corrupt(TYPE, "block of " + size + " bytes exceeds the frame's maximum of "
                    + header.maxBlockSize);
        }
        return size;
    }

    /** Steps over a block's bytes and its checksum, verifying it; returns where the block's bytes start. */
    private int readBlock(int size) {
        if (end - position < size) {
            throw truncated("block");
        }
        int block = position;
        position += size;
        if (header.blockChecksums) {
            int checksum = readInt("block checksum");
            if (checksum != Lz4Frame.XXHASH.hash(src, block, size, Lz4Frame.XXHASH_SEED)) {
                throw Failures.corrupt(TYPE, "block checksum mismatch");
            }
        }
        return block;
    }

    /** Decompresses into {@code target}, which has room for the frame's maximum block size at {@code offset}. */
    private int decompress(int block, int size, byte[] target, int offset) {
        try {
            return decompressor.decompress(src, block, size, target, offset, header.maxBlockSize);
        } catch (LZ4Exception e) {
            throw decompressionFailure(block, size, e);
        }
    }

    /**
     * The failure the streaming reader reports for this block. The library's message names the offset
     * of the bad byte from the start of the array it was given, and the streaming reader gives it the
     * block alone, so the block is decoded again that way for the same message.
     */
    private CompressionException decompressionFailure(int block, int size, LZ4Exception first) {
        try {
            byte[] alone = Arrays.copyOfRange(src, block, block + size);
            decompressor.decompress(alone, 0, size, new byte[header.maxBlockSize], 0, header.maxBlockSize);
        } catch (LZ4Exception e) {
            return Failures.corrupt(TYPE, e);
        }
        return Failures.corrupt(TYPE, first);
    }

    /** Counts a decoded block against the declared content size, then against the caller's limit. */
    private void produced(int decoded) {
        long produced = (long) count + decoded;
        if (header.contentSize >= 0 && produced > header.contentSize) {
            throw Failures.corrupt(TYPE, "frame holds more than its declared content size of "
                    + header.contentSize + " bytes");
        }
        if (produced > maxOutputBytes) {
            throw Failures.limitExceeded(TYPE, maxOutputBytes);
        }
    }

    /** Grows the output for {@code n} more bytes; the caller has checked them against the limit. */
    private void ensureRoom(int n) {
        if (out.length - count < n) {
            long grown = Math.max((long) count + n, Math.min(maxOutputBytes, 2L * out.length));
            out = Arrays.copyOf(out, (int) grown);
        }
    }

    private void readEnd() {
        if (header.contentChecksum) {
            int checksum = readInt("content checksum");
            if (checksum != Lz4Frame.XXHASH.hash(out, 0, count, Lz4Frame.XXHASH_SEED)) {
                throw Failures.corrupt(TYPE, "content checksum mismatch");
            }
        }
        if (header.contentSize >= 0 && count != header.contentSize) {
            throw Failures.corrupt(TYPE, "frame declares " + header.contentSize + " bytes of content but holds "
                    + count);
        }
    }

    private byte[] scratch() {
        if (scratch == null) {
            pooledScratch = header.maxBlockSize == SCRATCH.size();
            scratch = pooledScratch ? SCRATCH.take() : new byte[header.maxBlockSize];
        }
        return scratch;
    }

    private void releaseScratch() {
        if (pooledScratch) {
            SCRATCH.give(scratch);
        }
        scratch = null;
    }

    private int readInt(String what) {
        if (end - position < 4) {
            throw truncated(what);
        }
        int value = StreamIo.intLE(src, position);
        position += 4;
        return value;
    }

    private void readExactly(byte[] b, int off, int len, String what) {
        if (end - position < len) {
            throw truncated(what);
        }
        System.arraycopy(src, position, b, off, len);
        position += len;
    }

    private static CompressionException truncated(String what) {
        return Failures.corrupt(TYPE, "input ends inside the " + what);
    }
}
