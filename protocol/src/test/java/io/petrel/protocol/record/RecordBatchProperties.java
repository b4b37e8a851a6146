package io.petrel.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/**
 * Round trips of random records, and random or damaged bytes that may only ever fail as ProtocolException.
 *
 * <p>Each property first runs its edge cases (one record and forty, null and empty keys, values and
 * headers, the extreme timestamps, every codec, the ends of every numeric range), then its random tries.
 * Every try draws its own seed from a fixed one, and every failure names the seed and the inputs drawn
 * from it: {@code new Random(seed)} fed to the same generators replays it.
 */
class RecordBatchProperties {
    private static final int MAX_DECOMPRESSED = 1 << 20;
    private static final CompressionType[] CODECS = CompressionType.values();
    private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
    private static final long RECENT = 1_600_000_000_000L;

    @Test
    void whatIsWrittenReadsBackTheSame() {
        edgeRecordLists().forEach((name, records) -> {
            for (CompressionType codec : CODECS) {
                for (int baseSequence : new int[] {-1, 0, 1, 1000}) {
                    writtenReadsBack(records, codec, baseSequence,
                            "edge case " + name + ", " + codec + ", base sequence " + baseSequence);
                }
            }
        });
        Random seeds = new Random(20261125L);
        for (int i = 0; i < 1000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            List<SampleRecord> records = records(random);
            CompressionType codec = CODECS[random.nextInt(CODECS.length)];
            int baseSequence = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(-1, 1);
                case 1 -> random.nextInt(0, 11);
                default -> random.nextInt(-1, 1001);
            };
            writtenReadsBack(records, codec, baseSequence, "try " + i + " seed " + seed + ": " + records.size()
                    + " records, " + codec + ", base sequence " + baseSequence);
        }
    }

    private static void writtenReadsBack(List<SampleRecord> records, CompressionType codec, int baseSequence,
                                         String what) {
        RecordBatchBuilder builder = new RecordBatchBuilder(7L).compression(codec).producer(3L, (short) 1, baseSequence);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        ByteBuffer bytes = builder.build();

        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.validate();
        assertEquals(records.size(), batch.recordCount(), what);
        List<SampleRecord> read = new ArrayList<>();
        long offset = 7L;
        for (Record record : batch) {
            assertEquals(offset++, record.offset(), what);
            assertEquals(baseSequence < 0 ? -1 : baseSequence + (int) (record.offset() - 7L), record.sequence(), what);
            read.add(new SampleRecord(record.timestamp(), record.keyBytes(), record.valueBytes(), record.headers()));
        }
        assertEquals(records, read, what);
        assertEquals(records.stream().mapToLong(SampleRecord::timestamp).max().orElseThrow(), batch.maxTimestamp(),
                what);
    }

    @Test
    void kafkaReadsRandomRecordsTheSame() {
        edgeRecordLists().forEach((name, records) -> {
            for (CompressionType codec : CODECS) {
                kafkaReads(records, codec, "edge case " + name + ", " + codec);
            }
        });
        Random seeds = new Random(20261126L);
        for (int i = 0; i < 1000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            List<SampleRecord> records = records(random);
            CompressionType codec = CODECS[random.nextInt(CODECS.length)];
            kafkaReads(records, codec, "try " + i + " seed " + seed + ": " + records.size() + " records, " + codec);
        }
    }

    private static void kafkaReads(List<SampleRecord> records, CompressionType codec, String what) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(codec);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        MutableRecordBatch batch = MemoryRecords.readableRecords(builder.build()).batches().iterator().next();
        batch.ensureValid();
        Iterator<SampleRecord> expected = records.iterator();
        for (org.apache.kafka.common.record.internal.Record record : batch) {
            SampleRecord sample = expected.next();
            assertEquals(sample.timestamp(), record.timestamp(), what);
            assertArrayEquals(sample.key(), SampleRecord.toBytes(record.key()), what);
            assertArrayEquals(sample.value(), SampleRecord.toBytes(record.value()), what);
            Header[] headers = record.headers();
            assertEquals(sample.headers().size(), headers.length, what);
            for (int i = 0; i < headers.length; i++) {
                assertEquals(sample.headers().get(i), new RecordHeader(headers[i].key(), headers[i].value()), what);
            }
        }
        assertFalse(expected.hasNext(), what);
    }

    @Test
    void randomBytesFailOnlyAsProtocolErrors() {
        for (byte[] bytes : edgeArrays()) {
            decodeEverything(ByteBuffer.wrap(bytes), "edge case " + describe(bytes));
        }
        Random seeds = new Random(20261127L);
        for (int i = 0; i < 10_000; i++) {
            long seed = seeds.nextLong();
            byte[] bytes = bytes(new Random(seed), 400);
            decodeEverything(ByteBuffer.wrap(bytes), "try " + i + " seed " + seed + ": " + describe(bytes));
        }
    }

    @Test
    void randomRecordsInAValidHeaderFailOnlyAsProtocolErrors() {
        for (byte[] records : edgeArrays()) {
            for (int recordCount : new int[] {-2, -1, 0, 1, 2, 69, 70}) {
                for (int attributes : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 16, 32, 64, 126, 127}) {
                    decodeEverything(RawBatch.of(records, recordCount, attributes), "edge case " + describe(records)
                            + ", record count " + recordCount + ", attributes " + attributes);
                }
            }
        }
        Random seeds = new Random(20261128L);
        for (int i = 0; i < 10_000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            byte[] records = bytes(random, 300);
            int recordCount = random.nextBoolean() ? random.nextInt(-2, 71) : random.nextInt(-2, 4);
            int attributes = random.nextInt(0, 128);
            decodeEverything(RawBatch.of(records, recordCount, attributes), "try " + i + " seed " + seed + ": "
                    + describe(records) + ", record count " + recordCount + ", attributes " + attributes);
        }
    }

    @Test
    void damagedBatchesFailOnlyAsProtocolErrors() {
        List<int[]> edgeFlips = List.of(new int[] {0}, new int[] {Integer.MAX_VALUE}, new int[] {0, 1, 2, 3},
                new int[] {Integer.MAX_VALUE, 0, 255, 256});
        edgeRecordLists().forEach((name, records) -> {
            for (CompressionType codec : CODECS) {
                for (int[] flips : edgeFlips) {
                    for (int cutBack : new int[] {0, 1, 80}) {
                        for (boolean fixCrc : new boolean[] {false, true}) {
                            damaged(records, codec, flips, cutBack, fixCrc, "edge case " + name);
                        }
                    }
                }
            }
        });
        Random seeds = new Random(20261129L);
        for (int i = 0; i < 3000; i++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            List<SampleRecord> records = records(random);
            CompressionType codec = CODECS[random.nextInt(CODECS.length)];
            int[] flips = new int[random.nextInt(1, 5)];
            for (int f = 0; f < flips.length; f++) {
                flips[f] = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(0, Integer.MAX_VALUE) + random.nextInt(2); // 0..MAX_VALUE
                    case 1 -> random.nextInt(100); // in the batch header, mostly
                    default -> random.nextInt(1 << random.nextInt(31));
                };
            }
            int cutBack = random.nextInt(4) == 0 ? 0 : random.nextInt(0, 81);
            boolean fixCrc = random.nextBoolean();
            damaged(records, codec, flips, cutBack, fixCrc, "try " + i + " seed " + seed);
        }
    }

    private static void damaged(List<SampleRecord> records, CompressionType codec, int[] flips, int cutBack,
                                boolean fixCrc, String what) {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(codec);
        records.forEach(r -> builder.append(r.timestamp(), r.key(), r.value(), r.headers()));
        ByteBuffer batch = builder.build();
        for (int flip : flips) {
            int at = flip % batch.limit();
            batch.put(at, (byte) (batch.get(at) ^ (1 + flip % 255)));
        }
        if (fixCrc) {
            RawBatch.fixCrc(batch);
        }
        batch.limit(Math.max(0, batch.limit() - cutBack));
        decodeEverything(batch, what + ": " + records.size() + " records, " + codec + ", flips "
                + Arrays.toString(flips) + ", cut back " + cutBack + ", CRC " + (fixCrc ? "fixed" : "left"));
    }

    /**
     * Decodes every batch and record, leniently and strictly; any failure must be a ProtocolException.
     * {@code what} names the input in the failure message.
     */
    private static void decodeEverything(ByteBuffer bytes, String what) {
        for (boolean strict : new boolean[] {false, true}) {
            try {
                for (RecordBatch batch : strict ? RecordBatches.strict(bytes) : RecordBatches.of(bytes)) {
                    visit(batch);
                }
            } catch (ProtocolException expected) {
                assertNotNull(expected.getMessage(), what);
            } catch (Throwable t) {
                throw new AssertionError((strict ? "strict" : "lenient") + " decoding threw " + t + " (" + what + ")",
                        t);
            }
        }
    }

    private static void visit(RecordBatch batch) {
        batch.isValid();
        batch.compressionType();
        batch.lastSequence();
        for (Record record : batch.records(MAX_DECOMPRESSED)) {
            record.key();
            record.valueBytes();
            record.headers().forEach(RecordHeader::hashCode);
        }
        batch.validate();
    }

    // ---------------------------------------------------------------- generators

    /**
     * 1 to 40 records, most often few: timestamps from -1 to Long.MAX_VALUE or within 100 seconds of a
     * recent time; keys up to 40 bytes and values up to 400, each null one time in five; up to four
     * headers, keys of up to 12 chars from a-z and U+00A0..U+D7FF, values up to 20 bytes, null one time
     * in three (or so).
     */
    private static List<SampleRecord> records(Random random) {
        int count = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1, 4);
            case 1 -> random.nextBoolean() ? 1 : 40;
            default -> random.nextInt(1, 41);
        };
        List<SampleRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(5) == 0 ? null : bytes(random, 40);
            byte[] value = random.nextInt(5) == 0 ? null : bytes(random, 400);
            List<RecordHeader> headers = new ArrayList<>();
            for (int h = random.nextInt(5); h > 0; h--) {
                headers.add(new RecordHeader(headerKey(random), random.nextInt(10) < 3 ? null : bytes(random, 20)));
            }
            records.add(new SampleRecord(timestamp(random), key, value, headers));
        }
        return records;
    }

    private static long timestamp(Random random) {
        if (random.nextBoolean()) {
            return random.nextLong(RECENT, RECENT + 100_001);
        }
        return switch (random.nextInt(4)) {
            case 0 -> new long[] {-1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE}[random.nextInt(5)];
            case 1 -> (random.nextLong() >>> 1) >> random.nextInt(63); // non-negative, often small
            default -> random.nextLong(-1L, Long.MAX_VALUE) + random.nextInt(2); // -1..Long.MAX_VALUE
        };
    }

    private static String headerKey(Random random) {
        int length = random.nextBoolean() ? random.nextInt(13) : random.nextInt(3);
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(random.nextBoolean() ? (char) random.nextInt('a', 'z' + 1)
                    : (char) random.nextInt('\u00a0', '\ud7ff' + 1));
        }
        return key.toString();
    }

    /** Hand-picked record lists at the edges of what {@link #records} draws. */
    private static Map<String, List<SampleRecord>> edgeRecordLists() {
        Map<String, List<SampleRecord>> lists = new LinkedHashMap<>();
        lists.put("one bare record", List.of(new SampleRecord(-1L, null, null, List.of())));
        lists.put("one empty record", List.of(new SampleRecord(Long.MAX_VALUE, new byte[0], new byte[0],
                List.of(new RecordHeader("", null), new RecordHeader("", new byte[0])))));
        byte[] fullKey = new byte[40];
        Arrays.fill(fullKey, (byte) -1);
        byte[] fullValue = new byte[400];
        Arrays.fill(fullValue, Byte.MIN_VALUE);
        byte[] fullHeader = new byte[20];
        Arrays.fill(fullHeader, Byte.MAX_VALUE);
        List<RecordHeader> fullHeaders = List.of(new RecordHeader("z".repeat(12), fullHeader),
                new RecordHeader("\ud7ff".repeat(12), fullHeader), new RecordHeader("\u00a0".repeat(12), null),
                new RecordHeader("a".repeat(12), new byte[0]));
        lists.put("one full record", List.of(new SampleRecord(0L, fullKey, fullValue, fullHeaders)));
        List<SampleRecord> forty = new ArrayList<>();
        long[] timestamps = {-1L, 0L, Long.MAX_VALUE, RECENT, RECENT + 100_000, 1L, Long.MAX_VALUE - 1};
        for (int i = 0; i < 40; i++) {
            forty.add(new SampleRecord(timestamps[i % timestamps.length], i % 4 == 0 ? null : fullKey,
                    i % 3 == 0 ? null : i % 3 == 1 ? new byte[0] : fullValue, i % 2 == 0 ? List.of() : fullHeaders));
        }
        lists.put("forty records", forty);
        return lists;
    }

    /** The empty array and every one-byte array of an edge value. */
    private static List<byte[]> edgeArrays() {
        List<byte[]> arrays = new ArrayList<>();
        arrays.add(new byte[0]);
        for (byte b : EDGE_BYTES) {
            arrays.add(new byte[] {b});
        }
        return arrays;
    }

    /**
     * Up to {@code maxSize} bytes: the size half the time uniform, half the time on a log scale so short
     * arrays are common; the content mostly uniform, sometimes edge values mixed in.
     */
    private static byte[] bytes(Random random, int maxSize) {
        int size = random.nextBoolean()
                ? random.nextInt(maxSize + 1)
                : random.nextInt(Math.min(maxSize, 1 << random.nextInt(32 - Integer.numberOfLeadingZeros(maxSize)))
                        + 1);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        if (random.nextInt(4) == 0) {
            for (int i = 0; i < size; i++) {
                if (random.nextBoolean()) {
                    bytes[i] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
                }
            }
        }
        return bytes;
    }

    private static String describe(byte[] bytes) {
        return bytes.length + " bytes" + (bytes.length <= 32 ? " [" + HexFormat.of().formatHex(bytes) + "]" : "");
    }
}
