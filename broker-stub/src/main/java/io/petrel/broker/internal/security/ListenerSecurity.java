package io.petrel.broker.internal.security;

import io.netty.handler.ssl.SslContext;
import io.petrel.broker.internal.security.sasl.SaslAuthenticator;
import io.petrel.broker.internal.security.sasl.SaslMechanisms;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SecurityProtocol;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One listener's security, resolved from the broker's and the listener's own settings: its TLS context (TLS
 * listeners), the SASL mechanisms it offers and how their servers check users (SASL listeners), and the session
 * lifetime. Makes the {@link ConnectionSession} of each connection accepted on it.
 *
 * @param name             the listener's name
 * @param protocol         its security protocol
 * @param sslContext       the server TLS context, for TLS listeners; else null
 * @param saslMechanisms   mechanisms offered, for SASL listeners
 * @param saslServers      makes each mechanism's server, for SASL listeners; else null
 * @param reauthentication {@code connections.max.reauth.ms}; zero for none
 * @param clock            the broker's wall clock, against which token expiry instants are read
 * @param nanoTime         the broker's monotonic time, on which session deadlines are measured
 */
public record ListenerSecurity(String name, SecurityProtocol protocol, SslContext sslContext,
                               Set<SaslMechanism> saslMechanisms, SaslMechanisms saslServers, Duration reauthentication,
                               Clock clock, LongSupplier nanoTime) {
    public ListenerSecurity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol.usesTls() != (sslContext != null)) {
            throw new IllegalArgumentException("Listener " + name + " (" + protocol + ") "
                    + (protocol.usesTls() ? "needs" : "takes no") + " TLS context");
        }
        if (protocol.usesSasl() && (saslServers == null || saslMechanisms.isEmpty())) {
            throw new IllegalArgumentException("Listener " + name + " (" + protocol + ") needs SASL mechanisms");
        }
        saslMechanisms = Set.copyOf(saslMechanisms);
    }

    /** A PLAINTEXT listener: no TLS, no SASL. */
    public static ListenerSecurity plaintext(String name) {
        return new ListenerSecurity(name, SecurityProtocol.PLAINTEXT, null, Set.of(), null, Duration.ZERO, Clock.systemUTC(),
                System::nanoTime);
    }

    /** The security state of a new connection on this listener. */
    public ConnectionSession newSession() {
        SaslAuthenticator sasl = protocol.usesSasl()
                ? new SaslAuthenticator(saslMechanisms, saslServers, reauthentication, clock, nanoTime) : null;
        return new ConnectionSession(name, protocol, sasl);
    }
}
