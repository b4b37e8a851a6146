package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.producer.ProducerRecord;
import io.petrel.protocol.record.RecordHeader;
import io.petrel.serializers.Header;
import io.petrel.serializers.Headers;
import io.petrel.serializers.RecordHeaders;
import io.petrel.serializers.SerializationException;
import io.petrel.serializers.Serializer;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1 of the pipeline: turns a {@link ProducerRecord} into the parts a batch takes: key and value bytes,
 * the protocol's headers and a timestamp.
 *
 * <p>Runs on the caller's thread. Serializers see the record's headers and may add to them; the headers
 * are then frozen (when they are {@link RecordHeaders}) and copied into the protocol's header type. A
 * record without a timestamp gets the current time here, so its create time is when send() was called.
 * A serializer's failure is a {@link SerializationException} for this one send only.
 *
 * <p>Why parts and not one object: send() hands them to the batch as they are, so a record whose topic is
 * known costs no object between the caller's record and its completion; only a record that must wait for its
 * topic's metadata is kept as a {@link SerializedRecord}.
 */
final class RecordSerializer<K, V> {
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Time time;

    RecordSerializer(Serializer<K> keySerializer, Serializer<V> valueSerializer, Time time) {
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.time = time;
    }

    /** @throws SerializationException when the key serializer fails, naming it and the topic */
    byte[] key(ProducerRecord<K, V> record) {
        return serializeKey(record, record.headers());
    }

    /** @throws SerializationException when the value serializer fails, naming it and the topic */
    byte[] value(ProducerRecord<K, V> record) {
        return serializeValue(record, record.headers());
    }

    /**
     * The record's headers in the protocol's type, or null when there are none; called once both serializers ran
     * (they may add headers), it makes them read-only.
     */
    List<RecordHeader> headers(ProducerRecord<K, V> record) {
        Headers headers = record.headers();
        if (headers instanceof RecordHeaders frozen) {
            frozen.setReadOnly();
        }
        return protocolHeaders(headers);
    }

    /** The record's create time: its own, or now. */
    long timestamp(ProducerRecord<K, V> record) {
        return record.timestamp() != null ? record.timestamp() : time.milliseconds();
    }

    private byte[] serializeKey(ProducerRecord<K, V> record, Headers headers) {
        try {
            return keySerializer.serialize(record.topic(), headers, record.key());
        } catch (RuntimeException e) {
            throw new SerializationException("Could not serialize the key of a record for topic " + record.topic()
                    + " with " + keySerializer.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] serializeValue(ProducerRecord<K, V> record, Headers headers) {
        try {
            return valueSerializer.serialize(record.topic(), headers, record.value());
        } catch (RuntimeException e) {
            throw new SerializationException("Could not serialize the value of a record for topic " + record.topic()
                    + " with " + valueSerializer.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private static List<RecordHeader> protocolHeaders(Headers headers) {
        if (headers instanceof RecordHeaders list && list.size() == 0) {
            return null;
        }
        List<RecordHeader> out = null;
        for (Header header : headers) {
            if (out == null) {
                out = new ArrayList<>(4);
            }
            out.add(new RecordHeader(header.key(), header.value()));
        }
        return out;
    }

    void close() {
        keySerializer.close();
        valueSerializer.close();
    }
}
