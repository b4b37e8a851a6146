package io.petrel.compression.internal;

import io.petrel.compression.Codec;
import io.petrel.compression.CompressionException;
import io.petrel.compression.CompressionType;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Creates codecs, validates levels and caches one codec per type at its default level. Codecs are
 * created on first use so that a codec whose native library cannot load on this platform does not
 * break the others.
 */
public final class Codecs {

    private static final AtomicReferenceArray<Codec> DEFAULTS =
            new AtomicReferenceArray<>(CompressionType.values().length);

    private Codecs() {}

    /**
     * Returns the cached codec for {@code type} at its default level.
     *
     * @param type the compression type
     * @return the shared codec
     */
    public static Codec of(CompressionType type) {
        Objects.requireNonNull(type, "type");
        Codec codec = DEFAULTS.get(type.ordinal());
        if (codec == null) {
            // Codecs are immutable, so losing a creation race only costs a throw-away instance.
            DEFAULTS.compareAndSet(type.ordinal(), null, create(type, type.defaultLevel()));
            codec = DEFAULTS.get(type.ordinal());
        }
        return codec;
    }

    /**
     * Returns a codec for {@code type} at {@code level}, after validating the level.
     *
     * @param type the compression type
     * @param level the compression level
     * @return the codec
     * @throws CompressionException if the level is not accepted for the type
     */
    public static Codec of(CompressionType type, int level) {
        Objects.requireNonNull(type, "type");
        validateLevel(type, level);
        return level == type.defaultLevel() ? of(type) : create(type, level);
    }

    static void validateLevel(CompressionType type, int level) {
        if (!type.hasLevels()) {
            if (level != type.defaultLevel()) {
                throw new CompressionException(type.configName() + " has no compression level, but level "
                        + level + " was given");
            }
            return;
        }
        if (level == type.defaultLevel()) {
            return;
        }
        if (level < type.minLevel() || level > type.maxLevel()) {
            String range = type.minLevel() + " to " + type.maxLevel();
            if (type.defaultLevel() < type.minLevel() || type.defaultLevel() > type.maxLevel()) {
                range += ", or " + type.defaultLevel() + " for the default";
            }
            throw new CompressionException(
                    "Invalid " + type.configName() + " compression level " + level + ": expected " + range);
        }
    }

    private static Codec create(CompressionType type, int level) {
        switch (type) {
            case NONE:
                return new NoneCodec();
            case GZIP:
                return new GzipCodec(level);
            case SNAPPY:
                return new SnappyCodec();
            case LZ4:
                return new Lz4Codec(level);
            case ZSTD:
                return new ZstdCodec(level);
            default:
                throw new IllegalStateException("No codec for " + type);
        }
    }
}
