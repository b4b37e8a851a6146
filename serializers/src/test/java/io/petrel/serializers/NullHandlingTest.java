package io.petrel.serializers;

import static io.petrel.serializers.KafkaReference.TOPIC;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Null in, null out, for every built-in and every entry point. */
class NullHandlingTest {

    static Stream<Serde<?>> builtIns() {
        return Stream.of(Serdes.String(), Serdes.ByteArray(), Serdes.ByteBuffer(), Serdes.Short(),
                Serdes.Integer(), Serdes.Long(), Serdes.Float(), Serdes.Double(), Serdes.Boolean(),
                Serdes.UUID(), Serdes.Void());
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void serializersMapNullToNull(Serde<?> serde) {
        assertNull(serde.serializer().serialize(TOPIC, null));
        assertNull(serde.serializer().serialize(TOPIC, new RecordHeaders(), null));
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void deserializersMapNullToNull(Serde<?> serde) {
        assertNull(serde.deserializer().deserialize(TOPIC, (byte[]) null));
        assertNull(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (byte[]) null));
        assertNull(serde.deserializer().deserialize(TOPIC, new RecordHeaders(),
                (java.nio.ByteBuffer) null));
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void nullHeadersAreTolerated(Serde<?> serde) {
        assertNull(serde.serializer().serialize(TOPIC, null, null));
        assertNull(serde.deserializer().deserialize(TOPIC, null, (byte[]) null));
    }
}
