package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicConfigDefinitions;
import io.petrel.protocol.record.TimestampType;

/**
 * The record timestamps a CreateTime topic accepts at one moment, as Kafka bounds them: from
 * {@code message.timestamp.before.max.ms} behind the broker's time to {@code message.timestamp.after.max.ms}
 * ahead of it, both ends included. A record without a timestamp (-1) is not bounded.
 *
 * @param now         the broker's time, in ms since the epoch (not before it)
 * @param beforeMaxMs how far behind {@code now} a timestamp may be; {@link Long#MAX_VALUE} for no bound
 * @param afterMaxMs  how far ahead of {@code now} a timestamp may be
 */
record TimestampBounds(long now, long beforeMaxMs, long afterMaxMs) {
    private static final long NO_TIMESTAMP = -1L;

    /** The bounds of {@code topic} at {@code now}, or null when it stamps LogAppendTime and so bounds nothing. */
    static TimestampBounds of(Topic topic, long now) {
        if (topic.logConfig().timestampType() == TimestampType.LOG_APPEND_TIME) {
            return null;
        }
        return new TimestampBounds(now, TopicConfigDefinitions.timestampBeforeMaxMs(topic),
                TopicConfigDefinitions.timestampAfterMaxMs(topic));
    }

    /** Whether the oldest timestamp matters, which only the records tell (the batch header keeps the newest). */
    boolean boundsTheOldest() {
        return beforeMaxMs != Long.MAX_VALUE;
    }

    /** The earliest timestamp accepted. */
    long earliest() {
        return now - beforeMaxMs;
    }

    /** The latest timestamp accepted. */
    long latest() {
        return afterMaxMs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + afterMaxMs;
    }

    /** Whether {@code timestamp} is within the bounds (or absent). */
    boolean accepts(long timestamp) {
        return timestamp == NO_TIMESTAMP || (timestamp >= earliest() && timestamp <= latest());
    }

    /**
     * Why {@code timestamp} is refused, or null when it is accepted.
     *
     * @param what how the message names the timestamp's holder, e.g. "record 2 of the batch to t-0"
     */
    String violation(long timestamp, String what) {
        if (accepts(timestamp)) {
            return null;
        }
        String bound = timestamp > latest()
                ? "more than message.timestamp.after.max.ms=" + afterMaxMs + " ahead of"
                : "more than message.timestamp.before.max.ms=" + beforeMaxMs + " behind";
        return "Timestamp " + timestamp + " of " + what + " is out of range: it is " + bound
                + " the broker's time " + now + "; accepted timestamps run from " + earliest() + " to " + latest();
    }
}
