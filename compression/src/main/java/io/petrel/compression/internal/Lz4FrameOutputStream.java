package io.petrel.compression.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Writes an LZ4 frame the way Kafka does for record format v2: FLG version 01 with independent
 * blocks and nothing else, BD 64 KB, a correct header checksum, full 64 KB blocks (stored
 * uncompressed when compressing does not make them smaller), and the end mark on close.
 * {@link #flush()} ends the current block early, which keeps the frame valid.
 *
 * <p>A whole block handed over in one write is compressed where it lies. The buffers for a partial
 * block and for compressed output are allocated as data arrives and only as large as it needs, up to
 * a block's worth, so a small batch does not pay for zeroing two 64 KB arrays; the frame does not
 * depend on them, since blocks end at 64 KB of data (or a flush) whatever the buffers' sizes.
 */
final class Lz4FrameOutputStream extends OutputStream {

    private static final int BLOCK_SIZE = Lz4Frame.maxBlockSize(Lz4Frame.BLOCK_SIZE_ID_64KB);

    /** The smallest partial-block buffer allocated, so that byte-at-a-time writers do not regrow it often. */
    private static final int MIN_BUFFER = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final OutputStream out;
    private final LZ4Compressor compressor;
    /** The current block's bytes, grown as needed up to {@link #BLOCK_SIZE}. */
    private byte[] block = EMPTY;
    /** Compressed output, grown to the largest compressed size of any block so far. */
    private byte[] compressed = EMPTY;
    private final byte[] sizeField = new byte[4];
    private int blockLength;
    private boolean closed;

    Lz4FrameOutputStream(OutputStream out, LZ4Compressor compressor) throws IOException {
        this.out = out;
        this.compressor = compressor;
        writeHeader();
    }

    private void writeHeader() throws IOException {
        byte[] header = new byte[7];
        StreamIo.putIntLE(header, 0, Lz4Frame.MAGIC);
        header[4] = (byte) (Lz4Frame.FLG_VERSION_01 | Lz4Frame.FLG_BLOCK_INDEPENDENCE);
        header[5] = (byte) (Lz4Frame.BLOCK_SIZE_ID_64KB << 4);
        header[6] = Lz4Frame.headerChecksum(header, 4, 2);
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (blockLength == BLOCK_SIZE) {
            writeBlock();
        }
        if (blockLength == block.length) {
            growBlock(blockLength + 1);
        }
        block[blockLength++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (blockLength == BLOCK_SIZE) {
                writeBlock();
            }
            if (blockLength == 0 && len >= BLOCK_SIZE) {
                // A whole block of the caller's: compressed from where it is, not copied first.
                writeBlock(b, off, BLOCK_SIZE);
                off += BLOCK_SIZE;
                len -= BLOCK_SIZE;
                continue;
            }
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            if (block.length - blockLength < n) {
                growBlock(blockLength + n);
            }
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
        }
    }

    private void writeBlock() throws IOException {
        if (blockLength == 0) {
            return;
        }
        writeBlock(block, 0, blockLength);
        blockLength = 0;
    }

    /** Writes {@code data[off, off + len)} as one block: compressed, or stored when that is not smaller. */
    private void writeBlock(byte[] data, int off, int len) throws IOException {
        int bound = compressor.maxCompressedLength(len);
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int compressedLength = compressor.compress(data, off, len, compressed, 0, compressed.length);
        if (compressedLength < len) {
            writeSize(compressedLength);
            out.write(compressed, 0, compressedLength);
        } else {
            writeSize(len | Lz4Frame.UNCOMPRESSED_BLOCK);
            out.write(data, off, len);
        }
    }

    /** Makes room for {@code needed} bytes of block, doubling up to a whole block. */
    private void growBlock(int needed) {
        int size = Math.min(BLOCK_SIZE, Math.max(needed, Math.max(MIN_BUFFER, 2 * block.length)));
        block = Arrays.copyOf(block, size);
    }

    private void writeSize(int value) throws IOException {
        StreamIo.putIntLE(sizeField, 0, value);
        out.write(sizeField);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        writeBlock();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeBlock();
            writeSize(Lz4Frame.END_MARK);
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        out.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("lz4: stream closed");
        }
    }
}
