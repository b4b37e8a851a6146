package io.petrel.interop.security;

import java.util.Map;

/**
 * A broker serving every {@link SecurityMode} on its own listener, knowing the same {@link User}s with the same
 * passwords and certificates: a real Apache Kafka ({@link SecuredRealKafka}) or broker-stub. Tests written against
 * this run unchanged on both, which is how the two are held to the same answers.
 */
public interface SecuredBroker {
    /** What the broker is, for test names and failure messages: "Apache Kafka 4.3.1" or "broker-stub". */
    String name();

    /** The certificates the broker serves and trusts. */
    TlsFiles tls();

    /** {@code host:port} of the listener serving {@code mode}. */
    String bootstrapServers(SecurityMode mode);

    /** {@code host:port} of a listener with no security at all. */
    String plaintextBootstrapServers();

    /**
     * {@code host:port} of an SSL listener (no client certificate needed) whose certificate, signed by the trusted
     * CA, names only {@code wrong-host.invalid}: connecting to it by IP must fail host-name verification.
     */
    String wrongHostBootstrapServers();

    /** {@code user}'s client settings for {@code mode}, with {@code bootstrap.servers}. */
    default Map<String, String> clientConfig(SecurityMode mode, User user) {
        Map<String, String> config = new java.util.LinkedHashMap<>(mode.clientConfig(user, tls()));
        config.put("bootstrap.servers", bootstrapServers(mode));
        return config;
    }
}
