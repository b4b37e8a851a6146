package io.petrel.compression;

import java.util.Locale;

/**
 * The compression codecs a Kafka record batch can use, with the id stored in bits 0-2 of the batch
 * attributes and the name used by the {@code compression.type} configuration.
 *
 * <p>Besides the id and the name, each constant describes the compression levels its codec accepts
 * ({@link #minLevel()}, {@link #maxLevel()}, {@link #defaultLevel()}), using the same numbers as
 * Kafka's {@code compression.gzip.level}, {@code compression.lz4.level} and
 * {@code compression.zstd.level} settings.
 */
public enum CompressionType {
    /** No compression: the records are stored as they are. Has no level. */
    NONE(0, "none", false, 0, 0, 0),
    /**
     * Gzip (RFC 1952). Levels 1 to 9; the default, {@code -1}, is zlib's default, which is level 6.
     */
    GZIP(1, "gzip", true, 1, 9, -1),
    /** Snappy in snappy-java's stream framing. Has no level. */
    SNAPPY(2, "snappy", false, 0, 0, 0),
    /** LZ4 frame format. Levels 1 to 17, default 9. */
    LZ4(3, "lz4", true, 1, 17, 9),
    /** Zstandard. Levels -131072 to 22, default 3. */
    ZSTD(4, "zstd", true, -131072, 22, 3);

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;
    private final boolean hasLevels;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    CompressionType(
            int id, String configName, boolean hasLevels, int minLevel, int maxLevel, int defaultLevel) {
        this.id = id;
        this.configName = configName;
        this.hasLevels = hasLevels;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    /**
     * Returns the codec id, the value of bits 0-2 of a record batch's attributes.
     *
     * @return 0 for none, 1 for gzip, 2 for snappy, 3 for lz4, 4 for zstd
     */
    public int id() {
        return id;
    }

    /**
     * Returns the name used for this codec by the {@code compression.type} configuration.
     *
     * @return {@code "none"}, {@code "gzip"}, {@code "snappy"}, {@code "lz4"} or {@code "zstd"}
     */
    public String configName() {
        return configName;
    }

    /**
     * Tells whether this codec has a compression level. {@link #NONE} and {@link #SNAPPY} have
     * none; for them {@link #minLevel()}, {@link #maxLevel()} and {@link #defaultLevel()} all return
     * 0, the only level {@link Codec#of(CompressionType, int)} accepts for them.
     *
     * @return {@code true} for gzip, lz4 and zstd
     */
    public boolean hasLevels() {
        return hasLevels;
    }

    /**
     * Returns the lowest explicit compression level this codec accepts.
     *
     * @return 1 for gzip and lz4, -131072 for zstd, 0 for codecs without levels
     */
    public int minLevel() {
        return minLevel;
    }

    /**
     * Returns the highest compression level this codec accepts.
     *
     * @return 9 for gzip, 17 for lz4, 22 for zstd, 0 for codecs without levels
     */
    public int maxLevel() {
        return maxLevel;
    }

    /**
     * Returns the level used when none is given. For gzip this is {@code -1}, which lies outside
     * {@code minLevel()..maxLevel()} and selects zlib's default (level 6), as in Kafka.
     *
     * @return -1 for gzip, 9 for lz4, 3 for zstd, 0 for codecs without levels
     */
    public int defaultLevel() {
        return defaultLevel;
    }

    /**
     * Returns the codec with the given id, as found in bits 0-2 of a record batch's attributes.
     *
     * @param id the codec id
     * @return the codec with that id
     * @throws CompressionException if no codec has that id; the message names the id and lists the
     *     valid ones
     */
    public static CompressionType forId(int id) {
        if (id >= 0 && id < BY_ID.length) {
            return BY_ID[id];
        }
        StringBuilder message = new StringBuilder("Unknown compression type id ").append(id).append(": expected ");
        for (CompressionType type : BY_ID) {
            if (type.id > 0) {
                message.append(type == BY_ID[BY_ID.length - 1] ? " or " : ", ");
            }
            message.append(type.id).append(" (").append(type.configName).append(')');
        }
        throw new CompressionException(message.toString());
    }

    /**
     * Returns the codec with the given {@code compression.type} name, ignoring case.
     *
     * @param name the codec name, such as {@code "lz4"} or {@code "ZSTD"}
     * @return the codec with that name
     * @throws CompressionException if no codec has that name (or it is {@code null}); the message
     *     names the value and lists the accepted names
     */
    public static CompressionType forName(String name) {
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (CompressionType type : BY_ID) {
                if (type.configName.equals(lower)) {
                    return type;
                }
            }
        }
        StringBuilder message = new StringBuilder("Unknown compression type ")
                .append(name == null ? "null" : "'" + name + "'")
                .append(": expected ");
        for (CompressionType type : BY_ID) {
            if (type.id > 0) {
                message.append(type == BY_ID[BY_ID.length - 1] ? " or " : ", ");
            }
            message.append(type.configName);
        }
        throw new CompressionException(message.append(" (case-insensitive)").toString());
    }
}
