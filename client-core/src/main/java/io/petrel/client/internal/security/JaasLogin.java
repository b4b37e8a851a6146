package io.petrel.client.internal.security;

import io.petrel.client.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The login module entry of Kafka's {@code sasl.jaas.config}, parsed: the module class name, its control
 * flag and its options, as in
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s";}.
 *
 * <p>The syntax is the one Kafka reads: option values are double- or single-quoted strings (backslash
 * escapes a quote or a backslash) or bare words; {@code //} and {@code /* *}{@code /} comments are allowed;
 * the entry ends with a semicolon; a client's configuration holds exactly one entry. Parse errors give the
 * character position and what was expected, never the text around it, since the options hold secrets.
 * {@link #toString()} shows the option names only.
 */
public record JaasLogin(String loginModule, String controlFlag, Map<String, String> options) {
    private static final List<String> CONTROL_FLAGS = List.of("required", "requisite", "sufficient", "optional");

    public JaasLogin {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The login module's simple class name (PlainLoginModule), which names the mechanism family. */
    public String moduleSimpleName() {
        return loginModule.substring(loginModule.lastIndexOf('.') + 1);
    }

    /** An option's value, if set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Parses the value of {@code key} (sasl.jaas.config).
     *
     * @throws ConfigException naming the key, the position and what was expected
     */
    public static JaasLogin parse(String key, String text) {
        List<JaasLogin> entries = new Parser(key, text).entries();
        if (entries.size() != 1) {
            throw new ConfigException("Invalid value for configuration " + key + ": expected exactly one login module, found "
                    + entries.size());
        }
        return entries.get(0);
    }

    @Override
    public String toString() {
        return loginModule + " " + controlFlag + " " + options.keySet() + " (values hidden)";
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

        List<JaasLogin> entries() {
            List<JaasLogin> entries = new ArrayList<>();
            skipBlanks();
            while (at < text.length()) {
                entries.add(entry());
                skipBlanks();
            }
            return entries;
        }

        private JaasLogin entry() {
            String module = word("a login module class name");
            skipBlanks();
            String flag = word("a control flag (required, requisite, sufficient or optional)");
            if (!CONTROL_FLAGS.contains(flag.toLowerCase(java.util.Locale.ROOT))) {
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
                    return new JaasLogin(module, flag.toLowerCase(java.util.Locale.ROOT), options);
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

        private ConfigException error(String expected) {
            return new ConfigException("Invalid value for configuration " + key + ": expected " + expected
                    + " at character " + (at + 1) + " (the value is not shown: it may hold secrets)");
        }
    }
}
