package io.petrel.serializers;

import io.petrel.serializers.internal.CharsetConfig;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes strings in a character set, UTF-8 by default.
 *
 * <p>The character set can be given to the constructor or configured through
 * {@link #configure(Map, boolean)}: {@value #KEY_ENCODING_CONFIG} (for keys) or
 * {@value #VALUE_ENCODING_CONFIG} (for values) takes precedence over {@value #ENCODING_CONFIG}.
 * A configured value replaces the one given to the constructor; each setting may hold a charset
 * name or a {@link Charset}.
 */
public class StringSerializer implements Serializer<String> {

    /** Configuration key for the charset of a key serializer. */
    public static final String KEY_ENCODING_CONFIG = "key.serializer.encoding";

    /** Configuration key for the charset of a value serializer. */
    public static final String VALUE_ENCODING_CONFIG = "value.serializer.encoding";

    /** Configuration key for the charset of both key and value serializers. */
    public static final String ENCODING_CONFIG = "serializer.encoding";

    private Charset charset;

    /** Creates a serializer that writes UTF-8. */
    public StringSerializer() {
        this(StandardCharsets.UTF_8);
    }

    /**
     * Creates a serializer that writes the given character set.
     *
     * @param charset the character set to encode with
     */
    public StringSerializer(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset must not be null");
    }

    /**
     * Picks up the character set from the configuration, if one is set.
     *
     * @throws SerializationException if the configured charset is unknown
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = CharsetConfig.SERIALIZER.resolve(configs, isKey, charset);
    }

    /**
     * Returns the character set this serializer writes.
     *
     * @return the character set in use
     */
    public Charset charset() {
        return charset;
    }

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(charset);
    }
}
