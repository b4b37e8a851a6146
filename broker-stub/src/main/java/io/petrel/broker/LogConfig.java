package io.petrel.broker;

import io.petrel.protocol.record.TimestampType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of one topic's log, under Kafka's topic config names. The broker holds defaults; a topic
 * created with {@code --config k=v} overrides them.
 *
 * @param segmentBytes        {@code segment.bytes}: roll to a new segment past this size
 * @param segmentMs           {@code segment.ms}: roll a segment this old on the next append
 * @param retentionMs         {@code retention.ms}: delete whole segments whose newest record is older; -1 keeps all
 * @param retentionBytes      {@code retention.bytes}: delete oldest segments while the partition is larger; -1 keeps all
 * @param maxMessageBytes     {@code max.message.bytes}: the largest record batch accepted
 * @param timestampType       {@code message.timestamp.type}: CreateTime keeps the producer's, LogAppendTime stamps the broker's
 * @param indexIntervalBytes  {@code index.interval.bytes}: bytes of log between sparse index entries
 * @param flushPolicy         {@code flush.messages} / {@code flush.ms} in Kafka's terms; see {@link FlushPolicy}
 */
public record LogConfig(long segmentBytes, long segmentMs, long retentionMs, long retentionBytes, int maxMessageBytes,
                        TimestampType timestampType, int indexIntervalBytes, FlushPolicy flushPolicy) {

    /** Kafka 4.x's defaults. */
    public static LogConfig defaults() {
        return new LogConfig(1L << 30, Duration.ofDays(7).toMillis(), Duration.ofDays(7).toMillis(), -1L, 1_048_588,
                TimestampType.CREATE_TIME, 4096, FlushPolicy.osPageCache());
    }

    /**
     * This config with Kafka topic config keys applied; an unknown key or a bad value is an
     * {@link IllegalArgumentException} naming both.
     */
    public LogConfig with(Map<String, String> overrides) {
        LogConfig c = this;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    private LogConfig with(String key, String value) {
        return switch (key) {
            case "segment.bytes" -> new LogConfig(positive(key, value), segmentMs, retentionMs, retentionBytes,
                    maxMessageBytes, timestampType, indexIntervalBytes, flushPolicy);
            case "segment.ms" -> new LogConfig(segmentBytes, positive(key, value), retentionMs, retentionBytes,
                    maxMessageBytes, timestampType, indexIntervalBytes, flushPolicy);
            case "retention.ms" -> new LogConfig(segmentBytes, segmentMs, minusOneOrMore(key, value), retentionBytes,
                    maxMessageBytes, timestampType, indexIntervalBytes, flushPolicy);
            case "retention.bytes" -> new LogConfig(segmentBytes, segmentMs, retentionMs, minusOneOrMore(key, value),
                    maxMessageBytes, timestampType, indexIntervalBytes, flushPolicy);
            case "max.message.bytes" -> new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes,
                    Math.toIntExact(positive(key, value)), timestampType, indexIntervalBytes, flushPolicy);
            case "message.timestamp.type" -> new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes,
                    maxMessageBytes, timestampType(value), indexIntervalBytes, flushPolicy);
            case "index.interval.bytes" -> new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes,
                    maxMessageBytes, timestampType, Math.toIntExact(positive(key, value)), flushPolicy);
            case "flush.messages" -> new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes,
                    maxMessageBytes, timestampType, indexIntervalBytes,
                    positive(key, value) == 1 ? FlushPolicy.everyAppend() : flushPolicy);
            case "flush.ms" -> new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes,
                    maxMessageBytes, timestampType, indexIntervalBytes, flushMs(positive(key, value)));
            default -> throw new IllegalArgumentException("Unknown topic config '" + key + "': expected one of "
                    + String.join(", ", toMap().keySet()));
        };
    }

    /** This config under Kafka's key names, as DescribeConfigs reports it. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("segment.bytes", Long.toString(segmentBytes));
        m.put("segment.ms", Long.toString(segmentMs));
        m.put("retention.ms", Long.toString(retentionMs));
        m.put("retention.bytes", Long.toString(retentionBytes));
        m.put("max.message.bytes", Integer.toString(maxMessageBytes));
        m.put("message.timestamp.type", timestampType == TimestampType.LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime");
        m.put("index.interval.bytes", Integer.toString(indexIntervalBytes));
        m.put("flush.messages", flushPolicy instanceof FlushPolicy.EveryAppend ? "1" : Long.toString(Long.MAX_VALUE));
        m.put("flush.ms", flushPolicy instanceof FlushPolicy.Interval i ? Long.toString(i.interval().toMillis())
                : Long.toString(Long.MAX_VALUE));
        return m;
    }

    private static FlushPolicy flushMs(long ms) {
        return ms == Long.MAX_VALUE ? FlushPolicy.osPageCache() : FlushPolicy.interval(Duration.ofMillis(ms));
    }

    private static long positive(String key, String value) {
        long v = parse(key, value);
        if (v <= 0) {
            throw new IllegalArgumentException("Topic config " + key + "=" + value + " must be a positive number");
        }
        return v;
    }

    private static long minusOneOrMore(String key, String value) {
        long v = parse(key, value);
        if (v < -1) {
            throw new IllegalArgumentException("Topic config " + key + "=" + value + " must be -1 (unlimited) or >= 0");
        }
        return v;
    }

    private static long parse(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Topic config " + key + "=" + value + " is not a number", e);
        }
    }

    private static TimestampType timestampType(String value) {
        return switch (value.trim()) {
            case "CreateTime" -> TimestampType.CREATE_TIME;
            case "LogAppendTime" -> TimestampType.LOG_APPEND_TIME;
            default -> throw new IllegalArgumentException("Topic config message.timestamp.type=" + value
                    + ": expected CreateTime or LogAppendTime");
        };
    }
}
