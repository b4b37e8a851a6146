package io.petrel.broker.internal.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One login module entry of a Kafka {@code sasl.jaas.config} value:
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" user_alice="secret";}.
 * Values are quoted strings (with backslash escapes) or bare words. {@link #toString()} shows the option names only:
 * the values are passwords.
 *
 * @param loginModule the login module class name
 * @param controlFlag {@code required}, {@code requisite}, {@code sufficient} or {@code optional}
 * @param options     the module's options, in order
 */
public record JaasConfig(String loginModule, String controlFlag, Map<String, String> options) {

    /** The first (for broker-stub, the only meaningful) login module entry in {@code text}. */
    public static JaasConfig parse(String text) {
        Parser parser = new Parser(text);
        String module = parser.word("a login module class name");
        String flag = parser.word("a control flag (required, requisite, sufficient, optional)");
        if (!flag.matches("required|requisite|sufficient|optional")) {
            throw new IllegalArgumentException("sasl.jaas.config: '" + flag + "' after " + module
                    + " is not a control flag; expected required, requisite, sufficient or optional");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (!parser.atSemicolon()) {
            String key = parser.word("an option name or ';'");
            parser.expect('=');
            options.put(key, parser.value());
        }
        return new JaasConfig(module, flag, options);
    }

    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + controlFlag + " options=" + options.keySet() + " (values hidden)]";
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        String word(String expected) {
            skipSpace();
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "=;\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("sasl.jaas.config: expected " + expected + " at offset " + start);
            }
            return text.substring(start, pos);
        }

        String value() {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '"') {
                StringBuilder value = new StringBuilder();
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    value.append(c);
                }
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("sasl.jaas.config: a quoted value is not closed");
                }
                pos++;
                return value.toString();
            }
            return word("a value");
        }

        void expect(char c) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw new IllegalArgumentException("sasl.jaas.config: expected '" + c + "' at offset " + pos);
            }
            pos++;
        }

        boolean atSemicolon() {
            skipSpace();
            if (pos >= text.length()) {
                throw new IllegalArgumentException("sasl.jaas.config must end with ';'");
            }
            return text.charAt(pos) == ';';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
