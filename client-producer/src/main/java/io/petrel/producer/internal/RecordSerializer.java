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
 * Stage 1 of the pipeline: turns a {@link ProducerRecord} into a {@link SerializedRecord}.
 *
 * <p>Runs on the caller's thread. Serializers see the record's headers and may add to them; the headers
 * are then frozen (when they are {@link RecordHeaders}) and copied into the protocol's header type. A
 * record without a timestamp gets the current time here, so its create time is when send() was called.
 * A serializer's failure is a {@link SerializationException} for this one send only.
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

    /** @throws SerializationException when either serializer fails, naming which one and the topic */
    SerializedRecord serialize(ProducerRecord<K, V> record) {
        Headers headers = record.headers();
        byte[] key = serializeKey(record, headers);
        byte[] value = serializeValue(record, headers);
        if (headers instanceof RecordHeaders frozen) {
            frozen.setReadOnly();
        }
        List<RecordHeader> protocolHeaders = protocolHeaders(headers);
        long timestamp = record.timestamp() != null ? record.timestamp() : time.milliseconds();
        return new SerializedRecord(record.topic(), record.partition(), timestamp, key, value, protocolHeaders,
                record.key(), SerializedRecord.sizeUpperBound(key, value, protocolHeaders));
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
