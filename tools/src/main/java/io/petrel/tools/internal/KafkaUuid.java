package io.petrel.tools.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/** A topic id written as Kafka's tools write it: the 16 bytes in URL-safe base64 without padding. */
final class KafkaUuid {
    private KafkaUuid() {
    }

    static String format(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
