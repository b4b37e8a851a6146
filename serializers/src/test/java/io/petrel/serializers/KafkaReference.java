package io.petrel.serializers;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.UUID;

/**
 * The Apache Kafka built-in serializers, used as the oracle Petrel's built-ins are checked against.
 * Kept in one place because their simple names clash with Petrel's.
 */
final class KafkaReference {

    static final String TOPIC = "oracle-topic";

    private KafkaReference() {
    }

    /** A Kafka serializer/deserializer pair for one type. */
    record Pair<T>(
            org.apache.kafka.common.serialization.Serializer<T> serializer,
            org.apache.kafka.common.serialization.Deserializer<T> deserializer) {

        byte[] serialize(T value) {
            return serializer.serialize(TOPIC, value);
        }

        T deserialize(byte[] bytes) {
            return deserializer.deserialize(TOPIC, bytes);
        }

        T deserialize(ByteBuffer buffer) {
            return deserializer.deserialize(TOPIC,
                    new org.apache.kafka.common.header.internals.RecordHeaders(), buffer);
        }
    }

    private static <T> Pair<T> of(org.apache.kafka.common.serialization.Serde<T> serde) {
        return new Pair<>(serde.serializer(), serde.deserializer());
    }

    static Pair<String> string() {
        return of(org.apache.kafka.common.serialization.Serdes.String());
    }

    /** Kafka string serde configured, as a value serde, for the given charset. */
    static Pair<String> string(Charset charset) {
        Pair<String> pair = string();
        pair.serializer().configure(Map.of("value.serializer.encoding", charset.name()), false);
        pair.deserializer().configure(Map.of("value.deserializer.encoding", charset.name()), false);
        return pair;
    }

    static Pair<byte[]> byteArray() {
        return of(org.apache.kafka.common.serialization.Serdes.ByteArray());
    }

    static Pair<ByteBuffer> byteBuffer() {
        return of(org.apache.kafka.common.serialization.Serdes.ByteBuffer());
    }

    static Pair<Short> shorts() {
        return of(org.apache.kafka.common.serialization.Serdes.Short());
    }

    static Pair<Integer> integers() {
        return of(org.apache.kafka.common.serialization.Serdes.Integer());
    }

    static Pair<Long> longs() {
        return of(org.apache.kafka.common.serialization.Serdes.Long());
    }

    static Pair<Float> floats() {
        return of(org.apache.kafka.common.serialization.Serdes.Float());
    }

    static Pair<Double> doubles() {
        return of(org.apache.kafka.common.serialization.Serdes.Double());
    }

    static Pair<Boolean> booleans() {
        return of(org.apache.kafka.common.serialization.Serdes.Boolean());
    }

    static Pair<UUID> uuids() {
        return of(org.apache.kafka.common.serialization.Serdes.UUID());
    }

    static Pair<Void> voids() {
        return of(org.apache.kafka.common.serialization.Serdes.Void());
    }
}
