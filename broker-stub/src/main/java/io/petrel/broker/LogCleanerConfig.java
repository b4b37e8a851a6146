package io.petrel.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * The broker's log cleaner settings, under Kafka's {@code log.cleaner.*} names.
 *
 * @param enabled           {@code log.cleaner.enable}: whether compacted topics are compacted at all
 * @param backoff           {@code log.cleaner.backoff.ms}: how long the cleaner waits when no log needs cleaning
 * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}: memory for the keys of one cleaning; a dirty
 *                          section with more keys is cleaned in several passes
 */
public record LogCleanerConfig(boolean enabled, Duration backoff, long dedupeBufferBytes) {

    public LogCleanerConfig {
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("log.cleaner.backoff.ms " + backoff.toMillis() + " must be positive");
        }
        if (dedupeBufferBytes < 1024 * 1024) {
            throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size " + dedupeBufferBytes
                    + " must be at least 1048576");
        }
    }

    /** Kafka's defaults: enabled, a 15 s backoff, a 128 MiB dedupe buffer. */
    public static LogCleanerConfig defaults() {
        return new LogCleanerConfig(true, Duration.ofSeconds(15), 128L * 1024 * 1024);
    }

    /** This config with another {@code log.cleaner.backoff.ms}. */
    public LogCleanerConfig withBackoff(Duration backoff) {
        return new LogCleanerConfig(enabled, backoff, dedupeBufferBytes);
    }

    /** This config with the cleaner on or off. */
    public LogCleanerConfig withEnabled(boolean enabled) {
        return new LogCleanerConfig(enabled, backoff, dedupeBufferBytes);
    }
}
