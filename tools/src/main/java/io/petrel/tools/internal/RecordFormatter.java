package io.petrel.tools.internal;

import io.petrel.protocol.record.TimestampType;

import io.petrel.serializers.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a consumed record as kafka-console-consumer's default formatter does: optional columns in the order
 * timestamp ({@code CreateTime:…} or {@code LogAppendTime:…}), {@code Partition:…}, {@code Offset:…}, headers
 * ({@code k1:v1,k2:v2} with {@code headers.separator}, or {@code NO_HEADERS}), key, then the value, separated by
 * {@code key.separator} (a tab by default) and ended by {@code line.separator}; null keys, values and header values
 * as {@code null.literal} ("null"). By default only the value is printed; with no column at all, nothing is.
 */
final class RecordFormatter {
    static final Set<String> PROPERTIES = Set.of("print.timestamp", "print.partition", "print.offset", "print.headers",
            "print.key", "print.value", "key.separator", "line.separator", "headers.separator", "null.literal");

    private final boolean timestamp;
    private final boolean partition;
    private final boolean offset;
    private final boolean headers;
    private final boolean key;
    private final boolean value;
    private final String separator;
    private final String lineSeparator;
    private final String headersSeparator;
    private final String nullLiteral;

    private RecordFormatter(Map<String, String> p) {
        timestamp = flag(p, "print.timestamp", false);
        partition = flag(p, "print.partition", false);
        offset = flag(p, "print.offset", false);
        headers = flag(p, "print.headers", false);
        key = flag(p, "print.key", false);
        value = flag(p, "print.value", true);
        separator = p.getOrDefault("key.separator", "\t");
        lineSeparator = p.getOrDefault("line.separator", "\n");
        headersSeparator = p.getOrDefault("headers.separator", ",");
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

    /** The record's text, ending with the line separator, for a record without headers. */
    String format(int partitionIndex, long offsetValue, long timestampValue, TimestampType type, byte[] keyBytes, byte[] valueBytes) {
        return format(partitionIndex, offsetValue, timestampValue, type, List.of(), keyBytes, valueBytes);
    }

    /** The record's text: its columns joined by the separator, ending with the line separator (empty with no column). */
    String format(int partitionIndex, long offsetValue, long timestampValue, TimestampType type, Iterable<Header> recordHeaders,
                  byte[] keyBytes, byte[] valueBytes) {
        List<String> columns = new ArrayList<>(6);
        if (timestamp) {
            columns.add((type == TimestampType.LOG_APPEND_TIME ? "LogAppendTime:" : "CreateTime:") + timestampValue);
        }
        if (partition) {
            columns.add("Partition:" + partitionIndex);
        }
        if (offset) {
            columns.add("Offset:" + offsetValue);
        }
        if (headers) {
            columns.add(headersText(recordHeaders));
        }
        if (key) {
            columns.add(text(keyBytes));
        }
        if (value) {
            columns.add(text(valueBytes));
        }
        return columns.isEmpty() ? "" : String.join(separator, columns) + lineSeparator;
    }

    private String headersText(Iterable<Header> recordHeaders) {
        StringBuilder text = new StringBuilder();
        for (Header h : recordHeaders) {
            text.append(text.length() == 0 ? "" : headersSeparator).append(h.key()).append(':').append(text(h.value()));
        }
        return text.length() == 0 ? "NO_HEADERS" : text.toString();
    }

    private String text(byte[] bytes) {
        return bytes == null ? nullLiteral : new String(bytes, StandardCharsets.UTF_8);
    }
}
