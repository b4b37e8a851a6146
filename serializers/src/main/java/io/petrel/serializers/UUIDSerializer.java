package io.petrel.serializers;

import io.petrel.serializers.internal.CharsetConfig;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Serializes a {@link UUID} as its canonical 36-character string form
 * ({@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, lower case), encoded in UTF-8 by default.
 *
 * <p>This is the layout Kafka's {@code UUIDSerializer} uses (not the 16-byte binary form). The
 * character set can be changed with the same settings as {@link StringSerializer}.
 */
public class UUIDSerializer implements Serializer<UUID> {

    private Charset charset;

    /** Creates a serializer that writes UTF-8. */
    public UUIDSerializer() {
        this(StandardCharsets.UTF_8);
    }

    /**
     * Creates a serializer that writes the given character set.
     *
     * @param charset the character set to encode with
     */
    public UUIDSerializer(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset must not be null");
    }

    /**
     * Picks up the character set from the configuration, if one is set; see
     * {@link StringSerializer} for the settings.
     *
     * @throws SerializationException if the configured charset is unknown
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        charset = CharsetConfig.SERIALIZER.resolve(configs, isKey, charset);
    }

    @Override
    public byte[] serialize(String topic, UUID data) {
        return data == null ? null : data.toString().getBytes(charset);
    }
}
