package io.petrel.tools.internal;

import io.petrel.admin.OffsetSpec;
import io.petrel.client.TopicPartition;
import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The new offsets of {@code petrel groups --reset-offsets}, as kafka-consumer-groups computes them: one target per
 * option ({@code --to-earliest}, {@code --to-latest}, {@code --to-offset}, {@code --shift-by}, {@code --to-datetime},
 * {@code --by-duration}); an offset outside a partition's log is moved to its nearest end, and a time after the
 * last record resets to the log end.
 */
final class OffsetReset {
    @Option(names = "--to-earliest", description = "Reset to each partition's earliest offset.")
    boolean toEarliest;
    @Option(names = "--to-latest", description = "Reset to each partition's log end offset.")
    boolean toLatest;
    @Option(names = "--to-offset", paramLabel = "OFFSET", description = "Reset to this offset.")
    Long toOffset;
    @Option(names = "--shift-by", paramLabel = "N", description = "Move each committed offset by N (negative: back).")
    Long shiftBy;
    @Option(names = "--to-datetime", paramLabel = "YYYY-MM-DDTHH:mm:SS.sss",
            description = "Reset to the first record at or after this time (local time, or with Z / +hh:mm).")
    String toDatetime;
    @Option(names = "--by-duration", paramLabel = "PnDTnHnMnS",
            description = "Reset to the first record at or after this long ago (ISO-8601 duration).")
    String byDuration;

    /** How many targets were given: exactly one is needed. */
    int targets() {
        int count = 0;
        for (boolean given : new boolean[]{toEarliest, toLatest, toOffset != null, shiftBy != null, toDatetime != null,
                byDuration != null}) {
            count += given ? 1 : 0;
        }
        return count;
    }

    /**
     * The new offset of each partition.
     *
     * @param committed the group's committed offsets, for --shift-by
     * @throws CommandFailedException for a bad time, or --shift-by on a partition with nothing committed
     */
    Map<TopicPartition, Long> plan(ClusterAdmin admin, Collection<TopicPartition> partitions,
                                   Map<TopicPartition, Long> committed, Clock clock) {
        Map<TopicPartition, Long> earliest = admin.offsets(all(partitions, tp -> OffsetSpec.earliest()));
        Map<TopicPartition, Long> latest = admin.offsets(all(partitions, tp -> OffsetSpec.latest()));
        if (toEarliest) {
            return earliest;
        }
        if (toLatest) {
            return latest;
        }
        if (toDatetime != null || byDuration != null) {
            long time = toDatetime != null ? epochMillis(toDatetime, clock) : clock.millis() - duration(byDuration).toMillis();
            Map<TopicPartition, Long> found = admin.offsets(all(partitions, tp -> OffsetSpec.forTimestamp(Math.max(0, time))));
            return all(partitions, tp -> found.get(tp) < 0 ? latest.get(tp) : found.get(tp));
        }
        return all(partitions, tp -> {
            long target = toOffset != null ? toOffset : shifted(committed, tp);
            return Math.max(earliest.get(tp), Math.min(latest.get(tp), target));
        });
    }

    private long shifted(Map<TopicPartition, Long> committed, TopicPartition tp) {
        Long current = committed.get(tp);
        if (current == null) {
            throw new CommandFailedException("Partition " + tp.topic() + "-" + tp.partition()
                    + " has no committed offset to shift by " + shiftBy);
        }
        return current + shiftBy;
    }

    private static <V> Map<TopicPartition, V> all(Collection<TopicPartition> partitions, Function<TopicPartition, V> value) {
        return partitions.stream().collect(Collectors.toMap(tp -> tp, value, (a, b) -> a,
                () -> new TreeMap<>(ClusterAdmin.PARTITION_ORDER)));
    }

    private static long epochMillis(String text, Clock clock) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).atZone(clock.getZone()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new CommandFailedException("Invalid --to-datetime '" + text
                        + "': expected YYYY-MM-DDTHH:mm:SS.sss, optionally with Z or +hh:mm");
            }
        }
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandFailedException("Invalid --by-duration '" + text + "': expected an ISO-8601 duration such as PT1H30M");
        }
    }
}
