package io.petrel.interop;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Records that can be rebuilt from their sequence number, so what a consumer reads can be checked byte for
 * byte against what was sent without keeping the sent records. Each carries its sequence number in a
 * {@code seq} header; keys repeat (and are sometimes null), values vary in size and compressibility (and
 * are sometimes null), headers vary in number and include empty and null values.
 */
final class TestRecords {
    private final String topic;
    private final String run;
    private final long baseTimestamp;

    TestRecords(String topic, String run, long baseTimestamp) {
        this.topic = topic;
        this.run = run;
        this.baseTimestamp = baseTimestamp;
    }

    ProducerRecord<byte[], byte[]> record(int seq) {
        return new ProducerRecord<>(topic, null, baseTimestamp + seq, key(seq), value(seq), headers(seq));
    }

    static int seqOf(ConsumerRecord<?, ?> record) {
        Header h = record.headers().lastHeader("seq");
        assertNotNull(h, () -> "record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " has no seq header");
        return ByteBuffer.wrap(h.value()).getInt();
    }

    /** Checks one consumed record against the record sent with its sequence number, byte for byte. */
    void assertSameAsSent(ConsumerRecord<byte[], byte[]> actual) {
        int seq = seqOf(actual);
        ProducerRecord<byte[], byte[]> sent = record(seq);
        String where = actual.topic() + "-" + actual.partition() + "@" + actual.offset() + " (seq " + seq + ")";
        assertEquals(topic, actual.topic(), where);
        assertArrayEquals(sent.key(), actual.key(), () -> "key of " + where);
        assertArrayEquals(sent.value(), actual.value(), () -> "value of " + where);
        assertEquals(TimestampType.CREATE_TIME, actual.timestampType(), () -> "timestamp type of " + where);
        assertEquals(sent.timestamp().longValue(), actual.timestamp(), () -> "timestamp of " + where);
        Header[] expected = sent.headers().toArray();
        Header[] got = actual.headers().toArray();
        assertEquals(expected.length, got.length, () -> "header count of " + where);
        for (int i = 0; i < expected.length; i++) {
            int n = i;
            assertEquals(expected[i].key(), got[i].key(), () -> "header " + n + " key of " + where);
            assertArrayEquals(expected[i].value(), got[i].value(), () -> "header " + n + " value of " + where);
        }
    }

    /**
     * Checks a complete read of the topic: every record byte-equal to what was sent, each sequence number
     * at most once, offsets contiguous from {@code firstOffsets} and sequence numbers rising within each
     * partition (the order the producer sent them in). Returns how often each sequence number was read.
     */
    Map<Integer, Integer> assertReadInOrder(Collection<ConsumerRecord<byte[], byte[]>> records,
                                            Map<TopicPartition, Long> firstOffsets) {
        Map<Integer, Integer> seen = new HashMap<>();
        Map<TopicPartition, long[]> last = new HashMap<>(); // {offset, seq}
        List<String> duplicates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertSameAsSent(r);
            int seq = seqOf(r);
            if (seen.merge(seq, 1, Integer::sum) > 1 && duplicates.size() < 10) {
                duplicates.add("seq " + seq + " again at " + r.partition() + "@" + r.offset());
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long[] prev = last.get(tp);
            long expectedOffset = prev == null ? firstOffsets.getOrDefault(tp, 0L) : prev[0] + 1;
            if (r.offset() != expectedOffset) {
                fail("Offsets of " + tp + " are not contiguous: expected " + expectedOffset + ", read " + r.offset());
            }
            if (prev != null && seq <= prev[1]) {
                fail("Order broken in " + tp + ": seq " + seq + " at offset " + r.offset() + " after seq " + prev[1]);
            }
            last.put(tp, new long[]{r.offset(), seq});
        }
        assertTrue(duplicates.isEmpty(), () -> "Records read twice: " + duplicates);
        return seen;
    }

    private byte[] key(int seq) {
        if (seq % 7 == 3) {
            return null;
        }
        return ("key-" + (seq % 997)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] value(int seq) {
        if (seq % 13 == 5) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seq * 0x9E3779B97F4A7C15L);
        byte[] value = new byte[seq % 31 == 0 ? 0 : 16 + random.nextInt(240)];
        int noisy = value.length / 4;
        for (int i = 0; i < value.length; i++) {
            // A quarter random bytes, the rest text: every codec has something to do.
            value[i] = i < noisy ? (byte) random.nextInt(256) : (byte) ('a' + (i + seq) % 23);
        }
        return value;
    }

    private List<Header> headers(int seq) {
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("seq", ByteBuffer.allocate(4).putInt(seq).array()));
        headers.add(new RecordHeader("run", run.getBytes(StandardCharsets.UTF_8)));
        if (seq % 5 == 0) {
            headers.add(new RecordHeader("empty", new byte[0]));
        }
        if (seq % 9 == 0) {
            headers.add(new RecordHeader("nothing", null));
        }
        if (seq % 4 == 1) {
            // Repeated header keys keep their order.
            headers.add(new RecordHeader("run", "again-ünïcødé".getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
