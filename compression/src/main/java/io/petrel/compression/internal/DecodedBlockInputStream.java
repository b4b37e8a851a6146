package io.petrel.compression.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The read side shared by the decoders of block-framed codecs (the LZ4 frame, snappy-java's stream):
 * each decodes one block at a time into an array of its own and serves reads from it, so memory is that
 * of one block whatever the caller reads at a time.
 *
 * <p>A subclass reads its stream header in {@link #start}, and in {@link #readNextBlock} either hands
 * a decoded block to {@link #serve} or calls {@link #finish} at the end; an empty block just means
 * "read on". The header is read on the first read, not in the constructor, so the opener cannot fail
 * with a checked exception.
 */
abstract class DecodedBlockInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];

    private boolean started;
    private boolean finished;
    private byte[] current = NONE;
    private int position;
    private int limit;

    /** Reads and checks the stream's header. */
    protected abstract void start() throws IOException;

    /** Decodes the next block and {@link #serve}s it, or {@link #finish}es at the end of the stream. */
    protected abstract void readNextBlock() throws IOException;

    /** Serves {@code length} decoded bytes from {@code bytes} to the reads that follow. */
    protected final void serve(byte[] bytes, int length) {
        current = bytes;
        position = 0;
        limit = length;
    }

    /** Marks the end of the decoded stream; bytes already served are still read. */
    protected final void finish() {
        finished = true;
    }

    @Override
    public final int read() throws IOException {
        return fill() ? current[position++] & 0xFF : -1;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
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

    /** Makes decoded bytes available; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (!started) {
            started = true;
            start();
        }
        while (position == limit) {
            if (finished) {
                return false;
            }
            readNextBlock();
        }
        return true;
    }
}
