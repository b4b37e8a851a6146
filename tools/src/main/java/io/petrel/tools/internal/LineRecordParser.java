package io.petrel.tools.internal;

import io.petrel.serializers.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one input line into a record's headers, key and value, with kafka-console-producer's reader properties:
 * {@code parse.headers} (the line starts with headers up to the first {@code headers.delimiter}, a tab by default;
 * headers are split at {@code headers.separator}, a regular expression, "," by default, and each at its first
 * {@code headers.key.separator}, ":" by default), {@code parse.key} (then the rest is split at the first
 * {@code key.separator}, a tab by default), {@code ignore.error} (a missing separator gives no headers or no key
 * instead of an error) and {@code null.marker} (a key, value, header value or the whole header part equal to it
 * is null).
 */
final class LineRecordParser {
    static final Set<String> PROPERTIES = Set.of("parse.key", "key.separator", "ignore.error", "null.marker",
            "parse.headers", "headers.delimiter", "headers.separator", "headers.key.separator");

    /** A parsed line; key and value may be null, headers are never null. */
    record ParsedRecord(List<Header> headers, byte[] key, byte[] value) {
    }

    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final Pattern headersSeparator;
    private final String headersKeySeparator;
    private final boolean ignoreError;
    private final String nullMarker;

    private LineRecordParser(Map<String, String> p) {
        parseKey = Boolean.parseBoolean(p.get("parse.key"));
        keySeparator = p.getOrDefault("key.separator", "\t");
        parseHeaders = Boolean.parseBoolean(p.get("parse.headers"));
        headersDelimiter = p.getOrDefault("headers.delimiter", "\t");
        headersSeparator = Pattern.compile(p.getOrDefault("headers.separator", ","));
        headersKeySeparator = p.getOrDefault("headers.key.separator", ":");
        ignoreError = Boolean.parseBoolean(p.get("ignore.error"));
        nullMarker = p.get("null.marker");
    }

    /** @throws IllegalArgumentException naming a property it does not know, an empty separator, or two that clash */
    static LineRecordParser of(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (!PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Unknown --property '" + key + "': expected one of " + new java.util.TreeSet<>(PROPERTIES)
                        + " (client settings go in --producer-property)");
            }
        }
        for (String separator : List.of("key.separator", "headers.delimiter", "headers.separator", "headers.key.separator")) {
            if ("".equals(properties.get(separator))) {
                throw new IllegalArgumentException("Invalid " + separator + " '': expected at least one character");
            }
        }
        LineRecordParser parser = new LineRecordParser(properties);
        parser.checkDistinct();
        return parser;
    }

    /** Kafka's reader refuses separators that would make a line ambiguous; so does this one. */
    private void checkDistinct() {
        if (parseHeaders) {
            distinct("headers.delimiter", headersDelimiter, "headers.separator", headersSeparator.pattern());
            distinct("headers.delimiter", headersDelimiter, "headers.key.separator", headersKeySeparator);
            distinct("headers.separator", headersSeparator.pattern(), "headers.key.separator", headersKeySeparator);
        }
        if (nullMarker != null) {
            distinct("null.marker", nullMarker, "key.separator", keySeparator);
            if (parseHeaders) {
                distinct("null.marker", nullMarker, "headers.delimiter", headersDelimiter);
                distinct("null.marker", nullMarker, "headers.separator", headersSeparator.pattern());
                distinct("null.marker", nullMarker, "headers.key.separator", headersKeySeparator);
            }
        }
    }

    private static void distinct(String name, String value, String otherName, String other) {
        if (value.equals(other)) {
            throw new IllegalArgumentException("Invalid " + name + "=" + printable(value) + ": it may not equal " + otherName
                    + " (both '" + printable(value) + "')");
        }
    }

    /**
     * @param lineNumber counted from 1, for the error message
     * @throws CommandFailedException if headers or keys are parsed and the line lacks a separator (unless ignore.error)
     */
    ParsedRecord parse(String line, long lineNumber) {
        String headers = part(parseHeaders, line, 0, headersDelimiter, "headers.delimiter", "HEADERS", lineNumber);
        int headersEnd = headers == null ? 0 : headers.length() + headersDelimiter.length();
        String key = part(parseKey, line, headersEnd, keySeparator, "key.separator", "KEY", lineNumber);
        int keyEnd = key == null ? headersEnd : headersEnd + key.length() + keySeparator.length();
        List<Header> parsedHeaders = headers == null || headers.equals(nullMarker) ? List.of() : headers(headers, lineNumber);
        return new ParsedRecord(parsedHeaders, key == null ? null : bytes(key), bytes(line.substring(keyEnd)));
    }

    /** The text from {@code start} up to the separator; null when not parsed, or missing with ignore.error. */
    private String part(boolean enabled, String line, int start, String separator, String name, String what, long lineNumber) {
        if (!enabled) {
            return null;
        }
        int at = line.indexOf(separator, start);
        if (at < 0) {
            if (ignoreError) {
                return null;
            }
            throw new CommandFailedException("No " + name + " '" + printable(separator) + "' on line " + lineNumber + ": '" + line
                    + "' (expected " + what + printable(separator) + "...)");
        }
        return line.substring(start, at);
    }

    private List<Header> headers(String text, long lineNumber) {
        List<Header> headers = new ArrayList<>();
        for (String pair : headersSeparator.split(text)) {
            int at = pair.indexOf(headersKeySeparator);
            if (at < 0) {
                if (ignoreError) {
                    headers.add(new Header(pair, null));
                    continue;
                }
                throw new CommandFailedException("No headers.key.separator '" + printable(headersKeySeparator) + "' in header '"
                        + pair + "' on line " + lineNumber + " (expected KEY" + printable(headersKeySeparator) + "VALUE)");
            }
            String key = pair.substring(0, at);
            if (key.equals(nullMarker)) {
                throw new CommandFailedException("Header key '" + key + "' on line " + lineNumber
                        + " equals null.marker: a header key cannot be null");
            }
            headers.add(new Header(key, bytes(pair.substring(at + headersKeySeparator.length()))));
        }
        return headers;
    }

    private byte[] bytes(String s) {
        return s.equals(nullMarker) ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String printable(String separator) {
        return separator.replace("\t", "\\t");
    }
}
