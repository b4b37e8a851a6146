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
 * MemoryRecords on the same input in the same run. A batch holds {@value #RECORDS} records of
 * {@value #VALUE_BYTES} bytes ('A'..'Z' at random, as Kafka's ProducerPerformance writes them) with an
 * 8-byte key; scores are records per second, so MB/s = score x {@value #VALUE_BYTES} / 1e6 (values only).
 *
 * <p>Run with {@code benchmarks/run-jmh.sh RecordBatchCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchCodecBenchmark {
    static final int RECORDS = 1000;
    static final int VALUE_BYTES = 100;

    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    private byte[][] keys;
    private byte[][] values;
    private long timestamp;
    private ByteBuffer petrelBatch;
    private ByteBuffer kafkaBatch;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        keys = new byte[RECORDS][];
        values = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            keys[i] = ByteBuffer.allocate(8).putLong(random.nextLong()).array();
            values[i] = new byte[VALUE_BYTES];
            for (int j = 0; j < VALUE_BYTES; j++) {
                values[i][j] = (byte) ('A' + random.nextInt(26));
            }
        }
        timestamp = System.currentTimeMillis();
        petrelBatch = petrelEncode();
        kafkaBatch = kafkaEncode();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public ByteBuffer petrelEncodeCompress() {
        return petrelEncode();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public ByteBuffer kafkaEncodeCompress() {
        return kafkaEncode();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void petrelDecompressDecode(Blackhole bh) {
        for (RecordBatch batch : RecordBatches.of(petrelBatch.duplicate())) {
            for (Record record : batch) {
                bh.consume(record.key());
                bh.consume(record.value());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void kafkaDecompressDecode(Blackhole bh) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(kafkaBatch.duplicate()).batches()) {
            for (org.apache.kafka.common.record.internal.Record record : batch) {
                bh.consume(record.key());
                bh.consume(record.value());
            }
        }
    }

    private ByteBuffer petrelEncode() {
        RecordBatchBuilder builder = new RecordBatchBuilder(0L).compression(CompressionType.forName(codec));
        for (int i = 0; i < RECORDS; i++) {
            builder.append(timestamp + i, keys[i], values[i]);
        }
        return builder.build();
    }

    private ByteBuffer kafkaEncode() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                Compression.of(codec).build(), TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < RECORDS; i++) {
            builder.append(timestamp + i, keys[i], values[i]);
        }
        return builder.build().buffer();
    }
}
