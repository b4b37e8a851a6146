package io.petrel.serializers.internal;

import io.petrel.serializers.SerializationException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * Resolves the character set of a text-based serializer or deserializer from client configuration.
 *
 * <p>The key-specific or value-specific setting ({@code key.serializer.encoding} /
 * {@code value.serializer.encoding}, or the deserializer equivalents) wins over the shared one
 * ({@code serializer.encoding} / {@code deserializer.encoding}). A setting may be a charset name or
 * a {@link Charset}.
 */
public final class CharsetConfig {

    private final String keyConfig;
    private final String valueConfig;
    private final String sharedConfig;

    private CharsetConfig(String role) {
        this.keyConfig = "key." + role + ".encoding";
        this.valueConfig = "value." + role + ".encoding";
        this.sharedConfig = role + ".encoding";
    }

    /** The settings read by serializers. */
    public static final CharsetConfig SERIALIZER = new CharsetConfig("serializer");

    /** The settings read by deserializers. */
    public static final CharsetConfig DESERIALIZER = new CharsetConfig("deserializer");

    /**
     * Returns the configured charset, or {@code current} if none is configured.
     *
     * @param configs the client configuration
     * @param isKey whether the serializer or deserializer handles record keys
     * @param current the charset to keep when nothing is configured
     * @return the charset to use
     * @throws SerializationException if the configured value is not a known charset name or a
     *     {@link Charset}
     */
    public Charset resolve(Map<String, ?> configs, boolean isKey, Charset current) {
        String name = isKey ? keyConfig : valueConfig;
        Object setting = configs.get(name);
        if (setting == null) {
            name = sharedConfig;
            setting = configs.get(name);
        }
        if (setting == null) {
            return current;
        }
        if (setting instanceof Charset charset) {
            return charset;
        }
        if (setting instanceof String charsetName) {
            try {
                return Charset.forName(charsetName);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new SerializationException(
                        "Unsupported encoding '" + charsetName + "' set in " + name, e);
            }
        }
        throw new SerializationException(
                name + " must be a charset name or a java.nio.charset.Charset, not "
                        + setting.getClass().getName());
    }
}
