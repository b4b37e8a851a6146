package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.security.ConnectionSession;
import io.petrel.broker.internal.security.KafkaPrincipal;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a handler knows of the request beyond its body.
 *
 * @param apiVersion    the version the request was sent at (one the handler serves)
 * @param correlationId the request's correlation id
 * @param clientId      the client id from the request header, may be null
 * @param connectionId  a name for the connection, unique while it is open (for logs and group member ids)
 * @param clientAddress the peer's address
 * @param principal     who the connection acts as when the request arrived (for the authorizer)
 * @param session       the connection's security state: its listener (whose address Metadata advertises) and SASL
 */
public record RequestContext(short apiVersion, int correlationId, String clientId, String connectionId,
                             InetSocketAddress clientAddress, KafkaPrincipal principal, ConnectionSession session) {
    public RequestContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(session, "session");
    }

    /** A request on a plaintext connection of an anonymous client (handler tests). */
    public RequestContext(short apiVersion, int correlationId, String clientId, String connectionId,
                          InetSocketAddress clientAddress) {
        this(apiVersion, correlationId, clientId, connectionId, clientAddress, KafkaPrincipal.ANONYMOUS,
                ConnectionSession.anonymous("PLAINTEXT"));
    }

    /** The name of the listener the request came in on. */
    public String listenerName() {
        return session.listenerName();
    }
}
