package io.petrel.benchmarks;

import io.petrel.compression.CompressionType;
import io.petrel.protocol.record.Record;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.RecordBatches;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Record batch encode+compress and decompress+decode, Petrel beside kafka-clients' MemoryRecordsBuilder /
 * MemoryRecords on the same input in the same run. Records have a {@value #VALUE_BYTES}-byte value ('A'..'Z'
 * at random, as Kafka's ProducerPerformance writes them) and an 8-byte random key, about 117 bytes each as
 * encoded; {@code records} per batch is 1000 (about 114 KiB), 140 (about 16 KiB, Kafka's default
 * batch.size) or 8750 (about 1 MiB).
 *
 * <p>Each invocation handles {@value #TOTAL_RECORDS} distinct records, split into batches of
 * {@code records}: encoding builds every batch, decoding walks every batch of one buffer holding them all
 * end to end, as a fetch response does, and reads each record's key and value. Scores are records per
 * second, so MB/s = score x {@value #VALUE_BYTES} / 1e6 (values only).
 *
 * <p>Run with {@code benchmarks/run-jmh.sh RecordBatchCodecBenchmark}; since the two libraries' runs of a
 * codec are otherwise far apart, compare them per codec and size, e.g. {@code -p codec=lz4 -p records=1000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchCodecBenchmark {
    static final int TOTAL_RECORDS = 35_000;
    static final int VALUE_BYTES = 100;

    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    /** Records per batch; must divide {@value #TOTAL_RECORDS}. */
    @Param({"1000", "140", "8750"})
    public int records;

    private byte[][] keys;
    private byte[][] values;
    private long timestamp;
    private ByteBuffer petrelBatches;
    private ByteBuffer kafkaBatches;

    @Setup(Level.Trial)
    public void setUp() {
        if (TOTAL_RECORDS % records != 0) {
            throw new IllegalArgumentException("records must divide " + TOTAL_RECORDS + ", got " + records);
        }
        Random random = new Random(42);
        keys = new byte[TOTAL_RECORDS][];
        values = new byte[TOTAL_RECORDS][];
        for (int i = 0; i < TOTAL_RECORDS; i++) {
            keys[i] = ByteBuffer.allocate(8).putLong(random.nextLong()).array();
            values[i] = new byte[VALUE_BYTES];
            for (int j = 0; j < VALUE_BYTES; j++) {
                values[i][j] = (byte) ('A' + random.nextInt(26));
            }
        }
        timestamp = System.currentTimeMillis();
        petrelBatches = concat(petrelEncodeAll(null));
        kafkaBatches = concat(kafkaEncodeAll(null));
        checkDecodedCount(petrelDecodeAll(null), "Petrel's batches by Petrel");
        checkDecodedCount(kafkaDecodeAll(null), "Kafka's batches by Kafka");
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL_RECORDS)
    public void petrelEncodeCompress(Blackhole bh) {
        petrelEncodeAll(bh);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL_RECORDS)
    public void kafkaEncodeCompress(Blackhole bh) {
        kafkaEncodeAll(bh);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL_RECORDS)
    public int petrelDecompressDecode(Blackhole bh) {
        return petrelDecodeAll(bh);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL_RECORDS)
    public int kafkaDecompressDecode(Blackhole bh) {
        return kafkaDecodeAll(bh);
    }

    /** Encodes every batch; with a null blackhole, returns them for setUp. */
    private ByteBuffer[] petrelEncodeAll(Blackhole bh) {
        ByteBuffer[] batches = bh == null ? new ByteBuffer[TOTAL_RECORDS / records] : null;
        CompressionType type = CompressionType.forName(codec);
        for (int first = 0; first < TOTAL_RECORDS; first += records) {
            RecordBatchBuilder builder = new RecordBatchBuilder(first).compression(type);
            for (int i = first; i < first + records; i++) {
                builder.append(timestamp + i, keys[i], values[i]);
            }
            ByteBuffer batch = builder.build();
            if (bh == null) {
                batches[first / records] = batch;
            } else {
                bh.consume(batch);
            }
        }
        return batches;
    }

    private ByteBuffer[] kafkaEncodeAll(Blackhole bh) {
        ByteBuffer[] batches = bh == null ? new ByteBuffer[TOTAL_RECORDS / records] : null;
        Compression compression = Compression.of(codec).build();
        for (int first = 0; first < TOTAL_RECORDS; first += records) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), compression,
                    TimestampType.CREATE_TIME, first);
            for (int i = first; i < first + records; i++) {
                builder.append(timestamp + i, keys[i], values[i]);
            }
            ByteBuffer batch = builder.build().buffer();
            if (bh == null) {
                batches[first / records] = batch;
            } else {
                bh.consume(batch);
            }
        }
        return batches;
    }

    /** Reads every record's key and value; returns the number of records (setUp checks it). */
    private int petrelDecodeAll(Blackhole bh) {
        int count = 0;
        for (RecordBatch batch : RecordBatches.of(petrelBatches.duplicate())) {
            for (Record record : batch) {
                ByteBuffer key = record.key();
                ByteBuffer value = record.value();
                if (bh != null) {
                    bh.consume(key);
                    bh.consume(value);
                }
                count++;
            }
        }
        return count;
    }

    private int kafkaDecodeAll(Blackhole bh) {
        int count = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(kafkaBatches.duplicate()).batches()) {
            for (org.apache.kafka.common.record.internal.Record record : batch) {
                ByteBuffer key = record.key();
                ByteBuffer value = record.value();
                if (bh != null) {
                    bh.consume(key);
                    bh.consume(value);
                }
                count++;
            }
        }
        return count;
    }

    private static ByteBuffer concat(ByteBuffer[] batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return all.flip();
    }

    private static void checkDecodedCount(int count, String what) {
        if (count != TOTAL_RECORDS) {
            throw new IllegalStateException(what + " decoded " + count + " records, expected " + TOTAL_RECORDS);
        }
    }
}
