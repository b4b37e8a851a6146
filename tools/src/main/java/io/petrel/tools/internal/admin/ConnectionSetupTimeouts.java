package io.petrel.tools.internal.admin;

import io.petrel.client.SecurityProtocol;

import java.util.Map;

/**
 * The connection setup timeouts every command's clients get unless the user set them: 3 s on a PLAINTEXT
 * listener, so an unreachable broker is reported in seconds; with TLS or SASL kafka-clients' defaults (10 s, growing
 * to 30 s over repeated attempts), because that one deadline covers the TCP connect, the TLS handshake, ApiVersions
 * and the SASL exchange, several round trips (and a token fetch for OAUTHBEARER) that a distant or busy secured
 * cluster does not finish in 3 s.
 */
public final class ConnectionSetupTimeouts {
    static final String TIMEOUT = "socket.connection.setup.timeout.ms";
    static final String TIMEOUT_MAX = "socket.connection.setup.timeout.max.ms";
    private static final String PLAINTEXT_MS = "3000";
    private static final String SECURED_MS = "10000";
    private static final String SECURED_MAX_MS = "30000";

    private ConnectionSetupTimeouts() {
    }

    /**
     * Adds the timeouts to a client's settings, once they hold everything the user gave (a value of the user's for
     * either key is kept), choosing by their security.protocol.
     */
    public static void addTo(Map<String, Object> settings) {
        boolean plaintext = plaintext(settings.get("security.protocol"));
        settings.putIfAbsent(TIMEOUT, plaintext ? PLAINTEXT_MS : SECURED_MS);
        settings.putIfAbsent(TIMEOUT_MAX, plaintext ? PLAINTEXT_MS : SECURED_MAX_MS);
    }

    /**
     * Whether the protocol is PLAINTEXT (the default when unset). A value that is no protocol counts as secured
     * here; the client then refuses it with its own message.
     */
    private static boolean plaintext(Object protocol) {
        return protocol == null || SecurityProtocol.PLAINTEXT.name().equalsIgnoreCase(protocol.toString().trim());
    }
}
