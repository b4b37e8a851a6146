package io.petrel.compression.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The caller's output as seen by an encoder that closes what it writes to: writes pass straight through,
 * and close only flushes, so a frame can be completed without closing an output the caller still owns.
 */
public final class UnclosedOutputStream extends FilterOutputStream {

    /**
     * Wraps {@code out}.
     *
     * @param out the caller's output, which stays open
     */
    public UnclosedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
