package io.petrel.samples;

import io.petrel.compression.CompressionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressionSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void everyCodecStoresTheCompressibleRecordsInFewerBytesThanNone() {
        SampleRun run = new SampleRun();

        Map<CompressionType, CompressionSample.CodecSize> sizes = byCodec(CompressionSample.run(broker, run.out));

        assertEquals(Arrays.asList(CompressionType.values()), List.copyOf(sizes.keySet()));
        long none = sizes.get(CompressionType.NONE).bytesOnDisk().orElseThrow();
        double noneRate = sizes.get(CompressionType.NONE).compressionRateAvg();
        assertTrue(noneRate >= 1.0, "none adds only the batch headers: " + noneRate);
        // 400 records of about 120 bytes: the uncompressed log holds at least their values.
        assertTrue(none > CompressionSample.RECORDS * 100L, "none: " + none);
        for (CompressionType codec : List.of(CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4,
                CompressionType.ZSTD)) {
            CompressionSample.CodecSize size = sizes.get(codec);
            long onDisk = size.bytesOnDisk().orElseThrow();
            assertTrue(onDisk > 0 && onDisk < none, codec + ": " + onDisk + " bytes vs none " + none);
            assertTrue(size.compressionRateAvg() < 1.0, size.toString());
            assertTrue(size.compressionRateAvg() < noneRate, size + " vs none " + noneRate);
            assertTrue(run.output().contains(codec.configName()), run.output());
        }
        assertTrue(run.output().contains("embedded broker's data directory"), run.output());
        assertTrue(run.output().contains(Long.toString(none)), run.output());
    }

    @Test
    void againstARemoteBrokerItShowsWhatTheProducerMeasured() {
        SampleRun run = new SampleRun();
        SampleBroker remote = SampleBroker.external(broker.bootstrapServers());

        Map<CompressionType, CompressionSample.CodecSize> sizes = byCodec(CompressionSample.run(remote, run.out));

        double noneBatch = sizes.get(CompressionType.NONE).batchSizeAvg();
        for (CompressionSample.CodecSize size : sizes.values()) {
            assertTrue(size.bytesOnDisk().isEmpty(), size.toString());
            assertTrue(size.batchSizeAvg() > 0, size.toString());
            if (size.codec() != CompressionType.NONE) {
                assertTrue(size.batchSizeAvg() < noneBatch, size + " vs none " + noneBatch);
            }
        }
        assertTrue(run.output().contains("showing what the producer measured"), run.output());
    }

    private static Map<CompressionType, CompressionSample.CodecSize> byCodec(List<CompressionSample.CodecSize> sizes) {
        return sizes.stream().collect(Collectors.toMap(CompressionSample.CodecSize::codec, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
