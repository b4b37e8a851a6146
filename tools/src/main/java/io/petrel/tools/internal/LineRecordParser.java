package io.petrel.tools.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Turns one input line into a record's key and value, with kafka-console-producer's reader properties:
 * {@code parse.key} (split each line at the first {@code key.separator}, a tab by default),
 * {@code ignore.error} (a line without the separator becomes a value with no key instead of an error) and
 * {@code null.marker} (a key or value equal to it is sent as null).
 */
final class LineRecordParser {
    static final Set<String> PROPERTIES = Set.of("parse.key", "key.separator", "ignore.error", "null.marker");

    /** A parsed line; either part may be null. */
    record KeyValue(byte[] key, byte[] value) {
    }

    private final boolean parseKey;
    private final String keySeparator;
    private final boolean ignoreError;
    private final String nullMarker;

    private LineRecordParser(boolean parseKey, String keySeparator, boolean ignoreError, String nullMarker) {
        this.parseKey = parseKey;
        this.keySeparator = keySeparator;
        this.ignoreError = ignoreError;
        this.nullMarker = nullMarker;
    }

    /** @throws IllegalArgumentException naming a property it does not know, or an empty key.separator */
    static LineRecordParser of(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (!PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Unknown --property '" + key + "': expected one of " + new java.util.TreeSet<>(PROPERTIES)
                        + " (client settings go in --producer-property)");
            }
        }
        String separator = properties.getOrDefault("key.separator", "\t");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("Invalid key.separator '': expected at least one character");
        }
        return new LineRecordParser(Boolean.parseBoolean(properties.get("parse.key")), separator,
                Boolean.parseBoolean(properties.get("ignore.error")), properties.get("null.marker"));
    }

    /**
     * @param lineNumber counted from 1, for the error message
     * @throws CommandFailedException if keys are parsed and the line has no separator (unless ignore.error)
     */
    KeyValue parse(String line, long lineNumber) {
        if (!parseKey) {
            return new KeyValue(null, bytes(line));
        }
        int at = line.indexOf(keySeparator);
        if (at < 0) {
            if (ignoreError) {
                return new KeyValue(null, bytes(line));
            }
            throw new CommandFailedException("No key separator '" + printable(keySeparator) + "' on line " + lineNumber
                    + ": '" + line + "' (parse.key=true expects KEY" + printable(keySeparator) + "VALUE)");
        }
        return new KeyValue(bytes(line.substring(0, at)), bytes(line.substring(at + keySeparator.length())));
    }

    private byte[] bytes(String s) {
        return s.equals(nullMarker) ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String printable(String separator) {
        return separator.replace("\t", "\\t");
    }
}
