package io.petrel.tools.internal;

import io.petrel.protocol.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a consumed record as kafka-console-consumer's default formatter does: optional fields in the order
 * timestamp ({@code CreateTime:…} or {@code LogAppendTime:…}), {@code Partition:…}, {@code Offset:…}, key,
 * then the value, separated by {@code key.separator} (a tab by default); null keys and values as
 * {@code null.literal} ("null"). By default only the value is printed.
 */
final class RecordFormatter {
    static final Set<String> PROPERTIES = Set.of("print.timestamp", "print.partition", "print.offset", "print.key",
            "print.value", "key.separator", "line.separator", "null.literal");

    private final boolean timestamp;
    private final boolean partition;
    private final boolean offset;
    private final boolean key;
    private final boolean value;
    private final String separator;
    private final String lineSeparator;
    private final String nullLiteral;

    private RecordFormatter(Map<String, String> p) {
        timestamp = flag(p, "print.timestamp", false);
        partition = flag(p, "print.partition", false);
        offset = flag(p, "print.offset", false);
        key = flag(p, "print.key", false);
        value = flag(p, "print.value", true);
        separator = p.getOrDefault("key.separator", "\t");
        lineSeparator = p.getOrDefault("line.separator", "\n");
        nullLiteral = p.getOrDefault("null.literal", "null");
    }

    /** @throws IllegalArgumentException naming a property it does not know or a value that is not true/false */
    static RecordFormatter of(Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (!PROPERTIES.contains(name)) {
                throw new IllegalArgumentException("Unknown --property '" + name + "': expected one of " + new TreeSet<>(PROPERTIES)
                        + " (client settings go in --consumer-property)");
            }
        }
        return new RecordFormatter(properties);
    }

    private static boolean flag(Map<String, String> properties, String name, boolean defaultValue) {
        String text = properties.get(name);
        if (text == null) {
            return defaultValue;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid --property " + name + "=" + text + ": expected true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** The record's text, ending with the line separator. */
    String format(int partitionIndex, long offsetValue, long timestampValue, TimestampType type, byte[] keyBytes, byte[] valueBytes) {
        StringBuilder line = new StringBuilder();
        if (timestamp) {
            line.append(type == TimestampType.LOG_APPEND_TIME ? "LogAppendTime:" : "CreateTime:").append(timestampValue).append(separator);
        }
        if (partition) {
            line.append("Partition:").append(partitionIndex).append(separator);
        }
        if (offset) {
            line.append("Offset:").append(offsetValue).append(separator);
        }
        if (key) {
            line.append(text(keyBytes)).append(value ? separator : "");
        }
        if (value) {
            line.append(text(valueBytes));
        }
        return line.append(lineSeparator).toString();
    }

    private String text(byte[] bytes) {
        return bytes == null ? nullLiteral : new String(bytes, StandardCharsets.UTF_8);
    }
}
