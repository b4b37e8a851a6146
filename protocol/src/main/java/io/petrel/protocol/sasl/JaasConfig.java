package io.petrel.protocol.sasl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The login module entry of a Kafka {@code sasl.jaas.config} value, parsed: the module class name, its control
 * flag and its options, as in
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s";}.
 * Clients configure their credentials with it; a broker its users ({@code user_alice="..."}).
 *
 * <p>The syntax is the one Kafka reads: option values are double- or single-quoted strings (a backslash escapes
 * the next character) or bare words; {@code //} and {@code /* *}{@code /} comments are allowed; the entry ends
 * with a semicolon; a value holds exactly one entry. Parse errors give the position and what was expected, never
 * the text around it, since options hold secrets; {@link #toString()} shows the option names only.
 *
 * @param loginModule the login module class name
 * @param controlFlag {@code required}, {@code requisite}, {@code sufficient} or {@code optional}, lower case
 * @param options     the module's options, in order
 */
public record JaasConfig(String loginModule, String controlFlag, Map<String, String> options) {
    private static final List<String> CONTROL_FLAGS = List.of("required", "requisite", "sufficient", "optional");

    public JaasConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses the value of setting {@code key} (named in errors).
     *
     * @throws IllegalArgumentException naming the key, the position and what was expected
     */
    public static JaasConfig parse(String key, String text) {
        List<JaasConfig> entries = new Parser(key, text).entries();
        if (entries.size() != 1) {
            throw new IllegalArgumentException("Invalid value for configuration " + key + ": expected exactly one login"
                    + " module, found " + entries.size());
        }
        return entries.get(0);
    }

    /** The login module's simple class name (PlainLoginModule), which names the mechanism family. */
    public String moduleSimpleName() {
        return loginModule.substring(loginModule.lastIndexOf('.') + 1);
    }

    /** An option's value, if set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    @Override
    public String toString() {
        return "JaasConfig[" + loginModule + " " + controlFlag + " options=" + options.keySet() + " (values hidden)]";
    }

    /** A hand-written tokenizer and parser for one or more entries. */
    private static final class Parser {
        private final String key;
        private final String text;
        private int at;

        Parser(String key, String text) {
            this.key = key;
            this.text = text;
        }

        List<JaasConfig> entries() {
            List<JaasConfig> entries = new ArrayList<>();
            skipBlanks();
            while (at < text.length()) {
                entries.add(entry());
                skipBlanks();
            }
            return entries;
        }

        private JaasConfig entry() {
            String module = word("a login module class name");
            skipBlanks();
            String flag = word("a control flag (required, requisite, sufficient or optional)").toLowerCase(Locale.ROOT);
            if (!CONTROL_FLAGS.contains(flag)) {
                throw error("a control flag (required, requisite, sufficient or optional) after " + module
                        + ", found '" + flag + "'");
            }
            Map<String, String> options = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (at >= text.length()) {
                    throw error("';' at the end of the " + module + " entry");
                }
                if (text.charAt(at) == ';') {
                    at++;
                    return new JaasConfig(module, flag, options);
                }
                String name = word("an option name or ';'");
                skipBlanks();
                expect('=', "'=' after option " + name);
                skipBlanks();
                if (options.put(name, value(name)) != null) {
                    throw error("each option once, but " + name + " is given twice");
                }
            }
        }

        private String value(String option) {
            if (at >= text.length()) {
                throw error("a value for option " + option);
            }
            char c = text.charAt(at);
            if (c == '"' || c == '\'') {
                return quoted(c, option);
            }
            return word("a value for option " + option);
        }

        private String quoted(char quote, String option) {
            int start = at;
            at++;
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\' && at < text.length()) {
                    char next = text.charAt(at++);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            at = start;
            throw error("a closing " + quote + " for the value of option " + option);
        }

        /** Letters, digits and {@code . _ - $}: the word characters of Kafka's tokenizer. */
        private String word(String expected) {
            int start = at;
            while (at < text.length() && isWordChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw error(expected);
            }
            return text.substring(start, at);
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '$';
        }

        private void expect(char c, String expected) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw error(expected);
            }
            at++;
        }

        /** Skips white space and comments. */
        private void skipBlanks() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (text.startsWith("//", at)) {
                    int end = text.indexOf('\n', at);
                    at = end < 0 ? text.length() : end + 1;
                } else if (text.startsWith("/*", at)) {
                    int end = text.indexOf("*/", at + 2);
                    if (end < 0) {
                        throw error("the end of a /* comment");
                    }
                    at = end + 2;
                } else {
                    return;
                }
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("Invalid value for configuration " + key + ": expected " + expected
                    + " at character " + (at + 1) + " (the value is not shown: it may hold secrets)");
        }
    }
}
