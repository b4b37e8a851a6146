package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Runs a codec's encoder: creates it on first use (several encoders write their header in their
 * constructor, and the public factory method cannot throw a checked exception), makes close
 * idempotent, and turns unchecked failures of the compression libraries into
 * {@link CompressionException}s naming the codec. {@link IOException}s, which come from the
 * caller's output, are passed on.
 */
final class EncodingOutputStream extends OutputStream {

    /** Creates the codec's encoder over the caller's output. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(OutputStream sink) throws IOException;
    }

    private final OutputStream sink;
    private final Opener opener;
    private final CompressionType type;
    private final byte[] single = new byte[1];
    private OutputStream encoder;
    private boolean closed;

    EncodingOutputStream(OutputStream sink, Opener opener, CompressionType type) {
        this.sink = sink;
        this.opener = opener;
        this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        try {
            encoder().write(b, off, len);
        } catch (CompressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.compressionFailed(type, e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            encoder().flush();
        } catch (CompressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.compressionFailed(type, e);
        }
    }

    /** Completes the frame and closes the caller's output. Closing again has no effect. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        OutputStream toClose;
        try {
            toClose = encoder();
        } catch (IOException e) {
            closeSinkAfter(e);
            throw e;
        } catch (RuntimeException e) {
            closeSinkAfter(e);
            throw e instanceof CompressionException
                    ? (CompressionException) e
                    : Failures.compressionFailed(type, e);
        }
        closed = true;
        try {
            toClose.close();
        } catch (CompressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.compressionFailed(type, e);
        }
    }

    /** The encoder could not even be created: release the caller's output anyway. */
    private void closeSinkAfter(Exception primary) {
        closed = true;
        try {
            sink.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }

    private OutputStream encoder() throws IOException {
        if (closed) {
            throw new IOException(type.configName() + ": stream closed");
        }
        if (encoder == null) {
            encoder = opener.open(sink);
        }
        return encoder;
    }
}
