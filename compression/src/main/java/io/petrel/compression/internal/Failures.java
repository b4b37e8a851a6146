package io.petrel.compression.internal;

import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;

/** Builds the {@link CompressionException}s shared by all codecs, so their messages stay uniform. */
final class Failures {

    private Failures() {}

    static CompressionException limitExceeded(CompressionType type, long maxOutputBytes) {
        return new CompressionException(
                type.configName() + ": decompressed size exceeds the limit of " + maxOutputBytes + " bytes");
    }

    static CompressionException corrupt(CompressionType type, String detail) {
        return new CompressionException(type.configName() + ": corrupt or truncated input: " + detail);
    }

    static CompressionException corrupt(CompressionType type, Throwable cause) {
        return new CompressionException(
                type.configName() + ": corrupt or truncated input: " + describe(cause), cause);
    }

    static CompressionException unsupported(CompressionType type, String what) {
        return new CompressionException(type.configName() + ": unsupported input: " + what);
    }

    static CompressionException compressionFailed(CompressionType type, Throwable cause) {
        return new CompressionException(type.configName() + ": compression failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
