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
 */
final class Lz4FrameOutputStream extends OutputStream {

    private static final int BLOCK_SIZE = Lz4Frame.maxBlockSize(Lz4Frame.BLOCK_SIZE_ID_64KB);

    private final OutputStream out;
    private final LZ4Compressor compressor;
    private final byte[] block = new byte[BLOCK_SIZE];
    private final byte[] compressed;
    private final byte[] sizeField = new byte[4];
    private int blockLength;
    private boolean closed;

    Lz4FrameOutputStream(OutputStream out, LZ4Compressor compressor) throws IOException {
        this.out = out;
        this.compressor = compressor;
        this.compressed = new byte[compressor.maxCompressedLength(BLOCK_SIZE)];
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
            int n = Math.min(len, BLOCK_SIZE - blockLength);
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
        int compressedLength = compressor.compress(block, 0, blockLength, compressed, 0, compressed.length);
        if (compressedLength < blockLength) {
            writeSize(compressedLength);
            out.write(compressed, 0, compressedLength);
        } else {
            writeSize(blockLength | Lz4Frame.UNCOMPRESSED_BLOCK);
            out.write(block, 0, blockLength);
        }
        blockLength = 0;
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
