package io.petrel.broker.internal;

import java.util.Map;

/**
 * The text of a {@code .properties} file as {@link java.util.Properties#load(java.io.Reader)} reads it back, written
 * without {@link java.util.Properties#store}: that one always adds the current date as a comment, and formatting
 * the date made a broker's first start in a JVM load the time zone names and rules (about 35 classes and the time
 * zone database) for a line nobody reads. Keys and values are escaped as {@code store} escapes them, with every
 * character outside printable ASCII as {@code \\uXXXX}, so the text is the same in any ASCII-compatible charset.
 */
public final class PropertiesText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PropertiesText() {
    }

    /** {@code #comment}, then one {@code key=value} line per entry, in the map's order. */
    public static String of(String comment, Map<String, String> entries) {
        StringBuilder text = new StringBuilder("#").append(comment.replace('\n', ' ').replace('\r', ' ')).append('\n');
        entries.forEach((key, value) -> {
            escape(key, true, text);
            text.append('=');
            escape(value, false, text);
            text.append('\n');
        });
        return text.toString();
    }

    private static void escape(String s, boolean key, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ' -> out.append(i == 0 || key ? "\\ " : " ");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
