package io.petrel.client.internal.config;

import java.util.Optional;

/**
 * A {@code host:port} as written in bootstrap.servers; an IPv6 host is written in brackets,
 * {@code [::1]:9092}. The host is not resolved here.
 *
 * @param host the host name or address literal, without brackets
 * @param port the port, 0-65535
 */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}, or returns empty if the text is not one. */
    public static Optional<HostPort> parse(String text) {
        String s = stripScheme(text.trim());
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return Optional.empty();
        }
        String host = unbracket(s.substring(0, colon));
        Integer port = parsePort(s.substring(colon + 1));
        if (host == null || host.isEmpty() || port == null) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, port));
    }

    /** Kafka tolerates a listener prefix such as {@code PLAINTEXT://host:9092}; so do we. */
    private static String stripScheme(String text) {
        int scheme = text.indexOf("://");
        return scheme > 0 && text.substring(0, scheme).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')
                ? text.substring(scheme + 3) : text;
    }

    private static String unbracket(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") ? host.substring(1, host.length() - 1) : null;
        }
        return host.contains(":") || host.contains("/") ? null : host;
    }

    private static Integer parsePort(String text) {
        if (!text.chars().allMatch(Character::isDigit) || text.length() > 5) {
            return null;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : null;
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
