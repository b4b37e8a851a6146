package io.petrel.consumer;

import io.petrel.protocol.record.TimestampType;
import io.petrel.serializers.Header;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records rebuilt from where they sit, so a consumer's reads can be checked byte for byte without keeping what
 * was sent: the record a producer writes as the {@code seq}-th of a partition is a function of (partition, seq),
 * and a single idempotent producer writing each partition in order puts it at offset {@code seq}. The value
 * starts with the partition and the sequence number ({@code "p3-s000123|"}) then filler up to
 * {@link #VALUE_SIZE} bytes; some keys and values are null, keys repeat, and some records carry headers
 * (a {@code seq} header, a null-valued one, an empty one).
 */
public final class SequencedRecords {
    /** Bytes of each non-null value. */
    public static final int VALUE_SIZE = 100;
    private static final byte[] EMPTY = new byte[0];

    private final long baseTimestamp;

    public SequencedRecords(long baseTimestamp) {
        this.baseTimestamp = baseTimestamp;
    }

    /** The record written as the {@code seq}-th of {@code partition}, as kafka-clients' producer sends it. */
    public ProducerRecord<byte[], byte[]> record(String topic, int partition, long seq) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, baseTimestamp + seq,
                key(seq), value(partition, seq));
        for (Header h : headers(seq)) {
            record.headers().add(new RecordHeader(h.key(), h.value()));
        }
        return record;
    }

    /**
     * What is wrong with {@code actual}, read by Petrel's consumer, if it is not the record written at its
     * partition and offset; {@code null} if it is. (A string rather than an assertion, so a million records
     * cost no message formatting.)
     */
    public String mismatch(ConsumerRecord<byte[], byte[]> actual) {
        long seq = actual.offset();
        int partition = actual.partition();
        String keyOrValue = mismatch(partition, seq, actual.key(), actual.value());
        if (keyOrValue != null) {
            return keyOrValue;
        }
        byte[] key = key(seq);
        byte[] value = value(partition, seq);
        if (actual.serializedKeySize() != (key == null ? -1 : key.length)
                || actual.serializedValueSize() != (value == null ? -1 : value.length)) {
            return "serialized sizes " + actual.serializedKeySize() + "/" + actual.serializedValueSize();
        }
        if (actual.timestamp() != baseTimestamp + seq || actual.timestampType() != TimestampType.CREATE_TIME) {
            return "timestamp " + actual.timestamp() + " " + actual.timestampType() + ", expected "
                    + (baseTimestamp + seq) + " CREATE_TIME";
        }
        List<Header> headers = headers(seq);
        List<Header> read = Arrays.asList(actual.headers().toArray());
        if (!headers.equals(read)) {
            return "headers " + read + ", expected " + headers;
        }
        return null;
    }

    /**
     * What is wrong with a key and value read at {@code partition}@{@code offset} by any client, or {@code null}
     * if they are the ones written there.
     */
    public static String mismatch(int partition, long offset, byte[] key, byte[] value) {
        byte[] expectedValue = value(partition, offset);
        if (!Arrays.equals(expectedValue, value)) {
            return "value " + text(value) + ", expected " + text(expectedValue);
        }
        byte[] expectedKey = key(offset);
        if (!Arrays.equals(expectedKey, key)) {
            return "key " + text(key) + ", expected " + text(expectedKey);
        }
        return null;
    }

    static byte[] key(long seq) {
        return seq % 10 == 3 ? null : ("key-" + seq % 1000).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int partition, long seq) {
        if (seq % 101 == 7) {
            return null;
        }
        byte[] value = new byte[VALUE_SIZE];
        byte[] prefix = ("p" + partition + "-s" + String.format("%08d", seq) + "|").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        // Filler that compresses somewhat but differs from record to record.
        long x = seq * 0x9E3779B97F4A7C15L + partition;
        for (int i = prefix.length; i < value.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            value[i] = (byte) ('a' + (int) ((x >>> 33) & 7));
        }
        return value;
    }

    static List<Header> headers(long seq) {
        List<Header> headers = new ArrayList<>(2);
        if (seq % 5 == 0) {
            headers.add(new Header("seq", ByteBuffer.allocate(8).putLong(seq).array()));
            headers.add(new Header("absent", null));
        } else if (seq % 5 == 1) {
            headers.add(new Header("empty", EMPTY));
        }
        return headers;
    }

    static String text(byte[] bytes) {
        return bytes == null ? "null" : "'" + new String(bytes, StandardCharsets.UTF_8) + "'";
    }
}
