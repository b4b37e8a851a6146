package io.petrel.samples;

import io.petrel.producer.RecordMetadata;

import java.time.Instant;

/** How the samples print where a record was written, so every sample's output reads the same. */
final class MetadataText {
    private MetadataText() {
    }

    /** {@code partition 1, offset 4, timestamp 2026-11-25T05:01:02.123Z}. */
    static String of(RecordMetadata md) {
        return "partition " + md.partition() + ", offset " + md.offset() + ", timestamp "
                + Instant.ofEpochMilli(md.timestamp());
    }
}
