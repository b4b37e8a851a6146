package io.petrel.compression.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Writes an LZ4 frame the way Kafka does for record format v2: FLG version 01 with independent
 * blocks and nothing else, BD 64 KB, a correct header checksum, full 64 KB blocks (stored
 * uncompressed when compressing does not make them smaller), and the end mark on close.
 * {@link #flush()} ends the current block early, which keeps the frame valid.
 *
 * <p>A whole block handed over in one write is compressed where it lies. The buffers for a partial
 * block and for compressed output come from small shared pools ({@link ScratchArrays}) when first
 * needed and go back on close: a producer opens a stream per batch and hands it 32 KiB chunks, and
 * growing fresh arrays for each batch allocated (and zeroed) more than the batch itself (JFR: 1.9 KB
 * per 1 KiB record). The frame does not depend on them, since blocks end at 64 KB of data (or a flush)
 * whatever the buffers' sizes.
 */
final class Lz4FrameOutputStream extends OutputStream {

    private static final int BLOCK_SIZE = Lz4Frame.maxBlockSize(Lz4Frame.BLOCK_SIZE_ID_64KB);

    private static final byte[] EMPTY = new byte[0];
    private static final ScratchArrays BLOCKS = new ScratchArrays(BLOCK_SIZE);
    private static final ScratchArrays OUTPUTS = new ScratchArrays(maxCompressedBlock());

    private final OutputStream out;
    private final LZ4Compressor compressor;
    /** The current block's bytes: a pooled block-sized array once anything is buffered. */
    private byte[] block = EMPTY;
    /** Compressed output: a pooled array of the largest compressed size of a block, once a block is written. */
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
            compressed = OUTPUTS.size() >= bound ? OUTPUTS.take() : new byte[bound];
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

    /** Makes room for a block: takes a pooled block-sized array (the block is empty or already in one). */
    private void growBlock(int needed) {
        if (block.length < needed) {
            byte[] pooled = BLOCKS.take();
            System.arraycopy(block, 0, pooled, 0, blockLength);
            block = pooled;
        }
    }

    /** Gives the pooled arrays back; the stream is closed and uses them no more. */
    private void releaseArrays() {
        if (block.length == BLOCKS.size()) {
            BLOCKS.give(block);
        }
        if (compressed.length == OUTPUTS.size()) {
            OUTPUTS.give(compressed);
        }
        block = EMPTY;
        compressed = EMPTY;
    }

    private static int maxCompressedBlock() {
        return BLOCK_SIZE + BLOCK_SIZE / 255 + 16;
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
        } finally {
            releaseArrays();
        }
        out.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("lz4: stream closed");
        }
    }
}
