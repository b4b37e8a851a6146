package io.petrel.serializers;

import io.petrel.serializers.internal.CharsetConfig;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Deserializes strings from a character set, UTF-8 by default.
 *
 * <p>The character set can be given to the constructor or configured through
 * {@link #configure(Map, boolean)}: {@value #KEY_ENCODING_CONFIG} (for keys) or
 * {@value #VALUE_ENCODING_CONFIG} (for values) takes precedence over {@value #ENCODING_CONFIG}.
 * A configured value replaces the one given to the constructor; each setting may hold a charset
 * name or a {@link Charset}.
 *
 * <p>Malformed input is decoded the way {@link String#String(byte[], Charset)} decodes it, with
 * replacement characters, never an exception.
 */
public class StringDeserializer implements Deserializer<String> {

    /** Configuration key for the charset of a key deserializer. */
    public static final String KEY_ENCODING_CONFIG = "key.deserializer.encoding";

    /** Configuration key for the charset of a value deserializer. */
    public static final String VALUE_ENCODING_CONFIG = "value.deserializer.encoding";

    /** Configuration key for the charset of both key and value deserializers. */
    public static final String ENCODING_CONFIG = "deserializer.encoding";

    private Charset charset;

    /** Creates a deserializer that reads UTF-8. */
    public StringDeserializer() {
        this(StandardCharsets.UTF_8);
    }

    /**
     * Creates a deserializer that reads the given character set.
     *
     * @param charset the character set to decode with
     */
    public StringDeserializer(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset must not be null");
    }

    /**
     * Picks up the character set from the configuration, if one is set.
     *
     * @throws SerializationException if the configured charset is unknown
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = CharsetConfig.DESERIALIZER.resolve(configs, isKey, charset);
    }

    /**
     * Returns the character set this deserializer reads.
     *
     * @return the character set in use
     */
    public Charset charset() {
        return charset;
    }

    @Override
    public String deserialize(String topic, byte[] data) {
        return data == null ? null : new String(data, charset);
    }

    /** Decodes the buffer's remaining bytes, without copying them when the buffer has an array. */
    @Override
    public String deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(),
                    charset);
        }
        byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        return new String(copy, charset);
    }
}
