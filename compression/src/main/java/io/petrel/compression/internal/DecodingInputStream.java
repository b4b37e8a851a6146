package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Runs a codec's decoder and makes its failures uniform: anything the decoder throws because of
 * the data becomes a {@link CompressionException} naming the codec, while an {@link IOException}
 * raised by the caller's input is passed on unchanged. The decoder is created on the first read,
 * because several decoders read their header in their constructor and the public factory method
 * cannot throw a checked exception.
 */
final class DecodingInputStream extends InputStream {

    /** Creates the codec's decoder over the tracked source. */
    @FunctionalInterface
    interface Opener {
        InputStream open(InputStream source) throws IOException;
    }

    private final SourceTrackingInputStream source;
    private final Opener opener;
    private final CompressionType type;
    private final byte[] single = new byte[1];
    private InputStream decoder;
    private boolean closed;

    DecodingInputStream(InputStream in, Opener opener, CompressionType type) {
        this.source = new SourceTrackingInputStream(in);
        this.opener = opener;
        this.type = type;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n <= 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(type.configName() + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (decoder == null) {
                decoder = opener.open(source);
            }
            int n;
            do {
                n = decoder.read(b, off, len);
            } while (n == 0);
            return n;
        } catch (CompressionException e) {
            throw e;
        } catch (IOException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw Failures.corrupt(type, e);
        }
    }

    /** A failure of the caller's input stays an IOException; anything else is corrupt data. */
    private IOException translate(IOException e) {
        if (source.isSourceFailure(e)) {
            return e;
        }
        throw Failures.corrupt(type, e);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (decoder != null) {
                decoder.close();
            } else {
                source.close();
            }
        } catch (CompressionException e) {
            throw e;
        } catch (IOException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw Failures.corrupt(type, e);
        }
    }
}
