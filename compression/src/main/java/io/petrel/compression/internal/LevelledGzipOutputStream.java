package io.petrel.compression.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link GZIPOutputStream} with a chosen deflate level; the JDK class only offers the default.
 * The level is set right after the constructor has written the gzip header and before any data is
 * deflated, so it applies to the whole member.
 */
final class LevelledGzipOutputStream extends GZIPOutputStream {

    LevelledGzipOutputStream(OutputStream out, int bufferSize, int level) throws IOException {
        super(out, bufferSize);
        def.setLevel(level);
    }
}
