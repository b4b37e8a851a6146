package io.petrel.broker.internal.log;

/**
 * A topic's compaction settings, under Kafka's topic config names, as the {@link LogCleaner} reads them.
 *
 * @param compact                {@code cleanup.policy} includes compact
 * @param delete                 {@code cleanup.policy} includes delete (time and size retention apply)
 * @param deleteRetentionMs      {@code delete.retention.ms}: how long a tombstone outlives the cleaning that
 *                               made it removable
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the dirty share of the log that starts a cleaning
 * @param minCompactionLagMs     {@code min.compaction.lag.ms}: a record stays uncompacted at least this long
 * @param maxCompactionLagMs     {@code max.compaction.lag.ms}: a dirty record older than this forces a cleaning
 */
public record CompactionConfig(boolean compact, boolean delete, long deleteRetentionMs, double minCleanableDirtyRatio,
                               long minCompactionLagMs, long maxCompactionLagMs) {

    /** Kafka's defaults: cleanup.policy=delete. */
    public static CompactionConfig defaults() {
        return new CompactionConfig(false, true, 86_400_000L, 0.5, 0, Long.MAX_VALUE);
    }
}
