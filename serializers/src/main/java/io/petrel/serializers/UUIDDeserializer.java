package io.petrel.serializers;

import io.petrel.serializers.internal.CharsetConfig;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Deserializes a {@link UUID} from its string form, decoded from UTF-8 by default.
 *
 * <p>The text is parsed with {@link UUID#fromString(String)}, as Kafka's {@code UUIDDeserializer}
 * does; text it rejects is a {@link SerializationException} that quotes the text. The character set
 * can be changed with the same settings as {@link StringDeserializer}.
 */
public class UUIDDeserializer implements Deserializer<UUID> {

    private static final int MAX_QUOTED_CHARS = 100;

    private Charset charset;

    /** Creates a deserializer that reads UTF-8. */
    public UUIDDeserializer() {
        this(StandardCharsets.UTF_8);
    }

    /**
     * Creates a deserializer that reads the given character set.
     *
     * @param charset the character set to decode with
     */
    public UUIDDeserializer(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset must not be null");
    }

    /**
     * Picks up the character set from the configuration, if one is set; see
     * {@link StringDeserializer} for the settings.
     *
     * @throws SerializationException if the configured charset is unknown
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = CharsetConfig.DESERIALIZER.resolve(configs, isKey, charset);
    }

    @Override
    public UUID deserialize(String topic, byte[] data) {
        return data == null ? null : parse(new String(data, charset));
    }

    /** Decodes the buffer's remaining bytes, without copying them when the buffer has an array. */
    @Override
    public UUID deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return parse(new String(data.array(), data.arrayOffset() + data.position(),
                    data.remaining(), charset));
        }
        byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        return parse(new String(copy, charset));
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            String quoted = text.length() <= MAX_QUOTED_CHARS
                    ? text
                    : text.substring(0, MAX_QUOTED_CHARS) + "...";
            throw new SerializationException(
                    "UUIDDeserializer cannot parse '" + quoted + "' as a UUID", e);
        }
    }
}
