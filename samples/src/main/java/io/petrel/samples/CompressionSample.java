package io.petrel.samples;

import io.petrel.compression.CompressionType;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Compression: the same records sent with each codec (none, gzip, snappy, lz4, zstd), one topic per codec,
 * to compare what they cost on disk.
 *
 * <p>The producer compresses whole record batches, and the broker stores them as they arrive, so the
 * saving grows with the batch: many similar records per batch (here a few hundred JSON orders) compress
 * well, a batch of one hardly at all. Pick a codec with {@code compression.type}
 * ({@code ProducerBuilder.compression(...)}); consumers decompress without being told.
 *
 * <p>With the embedded broker the sample reads the size of each topic's {@code .log} segment files in the
 * broker's data directory. A remote broker's disk cannot be seen from here, so against one it shows what
 * the producer measured instead: {@code batch-size-avg} (bytes per batch sent) and
 * {@code compression-rate-avg} (compressed size / uncompressed size). It prints both with the embedded one.
 *
 * <p>Run: {@code CompressionSample [--bootstrap-server HOST:PORT]}.
 */
public final class CompressionSample {
    /** How many records each codec's topic gets. */
    public static final int RECORDS = 400;

    /**
     * What one codec made of the records.
     *
     * @param codec              the codec
     * @param topic              the topic its records went to
     * @param bytesOnDisk        the size of the topic's log segments; empty against an external broker
     * @param batchSizeAvg       the producer's {@code batch-size-avg}, in bytes
     * @param compressionRateAvg the producer's {@code compression-rate-avg}: compressed / uncompressed size
     */
    public record CodecSize(CompressionType codec, String topic, OptionalLong bytesOnDisk, double batchSizeAvg,
                            double compressionRateAvg) {
    }

    private CompressionSample() {
    }

    /** Runs the sample: {@code [--bootstrap-server HOST:PORT]}, or an embedded broker without it. */
    public static void main(String[] args) {
        SampleBroker.main(args, CompressionSample::run);
    }

    /** Sends {@value #RECORDS} records with each codec; returns the sizes, in the order of {@link CompressionType#values()}. */
    public static List<CodecSize> run(SampleBroker broker, PrintStream out) {
        out.println(broker.isEmbedded()
                ? "bytes on disk: the .log segment files in the embedded broker's data directory"
                : "bytes on disk cannot be seen on a remote broker; showing what the producer measured");
        out.printf("%-7s %8s %14s %12s %17s%n", "codec", "records", "bytes on disk", "avg batch", "compression rate");
        List<CodecSize> sizes = new ArrayList<>();
        for (CompressionType codec : CompressionType.values()) {
            CodecSize size = send(broker, codec);
            sizes.add(size);
            out.printf("%-7s %8d %14s %12.0f %17.2f%n", codec.configName(), RECORDS,
                    size.bytesOnDisk().isPresent() ? Long.toString(size.bytesOnDisk().getAsLong()) : "-",
                    size.batchSizeAvg(), size.compressionRateAvg());
        }
        return sizes;
    }

    private static CodecSize send(SampleBroker broker, CompressionType codec) {
        String topic = SampleBroker.TOPIC + "-" + codec.configName();
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(broker.bootstrapServers())
                .clientId("compression-sample-" + codec.configName())
                .compression(codec)
                .build()) {
            for (int i = 0; i < RECORDS; i++) {
                // All to partition 0, so every codec compresses the same batches.
                producer.send(ProducerRecord.<String, String>builder(topic).partition(0)
                        .key("order-" + i).value(order(i)).build());
            }
            producer.flush();
            Map<String, Double> metrics = producer.metrics();
            long failed = metrics.get("record-error-total").longValue();
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + RECORDS + " records with " + codec.configName()
                        + " compression failed; see the producer's log");
            }
            OptionalLong onDisk = broker.dataDir().map(dir -> OptionalLong.of(logBytes(dir, topic))).orElse(OptionalLong.empty());
            return new CodecSize(codec, topic, onDisk, metrics.get("batch-size-avg"), metrics.get("compression-rate-avg"));
        }
    }

    /** A JSON order: similar records, as real ones often are, which is what compression feeds on. */
    private static String order(int i) {
        return "{\"orderId\":" + i + ",\"customer\":\"customer-" + (i % 20) + "\",\"status\":\"CREATED\","
                + "\"amount\":" + (10 + i % 90) + ".00,\"currency\":\"EUR\",\"channel\":\"web\"}";
    }

    /**
     * The bytes of a topic's log: the broker keeps each partition in a directory {@code <topic>-<partition>}
     * of segment files {@code <base offset>.log} (plus indexes, not counted), as Kafka does.
     */
    private static long logBytes(Path dataDir, String topic) {
        Pattern partitionDir = Pattern.compile(Pattern.quote(topic) + "-\\d+");
        long total = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir,
                p -> Files.isDirectory(p) && partitionDir.matcher(p.getFileName().toString()).matches())) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> segments = Files.newDirectoryStream(dir, "*.log")) {
                    for (Path segment : segments) {
                        total += Files.size(segment);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the log sizes of " + topic + " in " + dataDir, e);
        }
        return total;
    }
}
