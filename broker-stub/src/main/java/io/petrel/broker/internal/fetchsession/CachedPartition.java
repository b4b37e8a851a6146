package io.petrel.broker.internal.fetchsession;

/**
 * One partition of a fetch session: what the client last asked of it and what it was last told, so an incremental
 * fetch need not repeat the first and its response need not repeat the second.
 *
 * <p>Mutable, and only touched under its session's lock. After an error the remembered high watermark is -1, so
 * the partition is answered again once the error is gone (as Kafka does).
 */
public final class CachedPartition {
    private static final long UNKNOWN = -1L;

    private final SessionPartition partition;
    private long fetchOffset;
    private int maxBytes;
    private int leaderEpoch;
    private long highWatermark = UNKNOWN;
    private long lastStableOffset = UNKNOWN;
    private long logStartOffset = UNKNOWN;

    CachedPartition(PartitionRequest request) {
        this.partition = request.partition();
        asked(request);
    }

    /** A new partition with what the full fetch that created its session told the client. */
    static CachedPartition told(PartitionRequest request, PartitionAnswer answer) {
        CachedPartition cached = new CachedPartition(request);
        cached.mustAnswer(answer);
        return cached;
    }

    void asked(PartitionRequest request) {
        this.fetchOffset = request.fetchOffset();
        this.maxBytes = request.maxBytes();
        this.leaderEpoch = request.leaderEpoch();
    }

    /** What the client asks of this partition now. */
    public PartitionRequest request() {
        return new PartitionRequest(partition, fetchOffset, maxBytes, leaderEpoch);
    }

    public SessionPartition partition() {
        return partition;
    }

    /**
     * Whether the response must carry this partition: it has records, an error, or metadata the client was not
     * told yet. Remembers what the client is told now.
     */
    boolean mustAnswer(PartitionAnswer answer) {
        boolean must = answer.recordBytes() > 0;
        if (highWatermark != answer.highWatermark()) {
            highWatermark = answer.highWatermark();
            must = true;
        }
        if (lastStableOffset != answer.lastStableOffset()) {
            lastStableOffset = answer.lastStableOffset();
            must = true;
        }
        if (logStartOffset != answer.logStartOffset()) {
            logStartOffset = answer.logStartOffset();
            must = true;
        }
        if (answer.errorCode() != 0) {
            highWatermark = UNKNOWN;
            must = true;
        }
        return must;
    }

    /** What the client was told, to put back if a response is withheld (throttled). */
    Told told() {
        return new Told(this, highWatermark, lastStableOffset, logStartOffset);
    }

    /** What one partition's client knew before a response; {@link #restore()} puts it back. */
    record Told(CachedPartition cached, long highWatermark, long lastStableOffset, long logStartOffset) {
        void restore() {
            cached.highWatermark = highWatermark;
            cached.lastStableOffset = lastStableOffset;
            cached.logStartOffset = logStartOffset;
        }
    }
}
