package io.petrel.broker.internal.handler;

import java.net.InetSocketAddress;

/**
 * What a handler knows of the request beyond its body.
 *
 * @param apiVersion    the version the request was sent at (one the handler serves)
 * @param correlationId the request's correlation id
 * @param clientId      the client id from the request header, may be null
 * @param connectionId  a name for the connection, unique while it is open (for logs and group member ids)
 * @param clientAddress the peer's address
 */
public record RequestContext(short apiVersion, int correlationId, String clientId, String connectionId,
                             InetSocketAddress clientAddress) {
}
