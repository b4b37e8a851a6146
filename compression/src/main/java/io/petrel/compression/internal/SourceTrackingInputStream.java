package io.petrel.compression.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the caller's compressed input and remembers the last {@link IOException} it threw, so that
 * {@link DecodingInputStream} can tell a genuine I/O failure (passed on unchanged) from a decoder
 * complaining about corrupt data (turned into a {@code CompressionException}).
 */
final class SourceTrackingInputStream extends InputStream {

    private final InputStream in;
    private IOException failure;

    SourceTrackingInputStream(InputStream in) {
        this.in = in;
    }

    /** Tells whether {@code e}, or one of its causes, was thrown by the underlying input. */
    boolean isSourceFailure(Throwable e) {
        for (Throwable t = e; t != null && failure != null; t = t.getCause()) {
            if (t == failure) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
