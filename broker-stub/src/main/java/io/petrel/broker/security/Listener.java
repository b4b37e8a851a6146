package io.petrel.broker.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One listener, as Kafka's {@code listeners} entry {@code NAME://host:port} declares it, with what
 * {@code advertised.listeners} and the {@code listener.name.<name>.*} settings add.
 *
 * @param name           the listener's name, upper case ({@code SASL_SSL}, {@code EXTERNAL}...)
 * @param protocol       the security protocol it speaks ({@code listener.security.protocol.map})
 * @param host           address to bind; null means the broker's {@code host}
 * @param port           port to bind; 0 picks a free one
 * @param advertisedHost host clients are told to connect to on this listener; null means the bound host
 * @param advertisedPort port clients are told; 0 means the bound port
 * @param ssl            TLS settings of this listener alone ({@code listener.name.<name>.ssl.*}); null means the broker's
 * @param clientAuth     {@code listener.name.<name>.ssl.client.auth}; null means the TLS settings' own
 * @param saslMechanisms {@code listener.name.<name>.sasl.enabled.mechanisms}; null means the broker's
 */
public record Listener(String name, SecurityProtocol protocol, String host, int port, String advertisedHost,
                       int advertisedPort, SslSettings ssl, SslClientAuth clientAuth, Set<SaslMechanism> saslMechanisms) {
    private static final Pattern NAME = Pattern.compile("[A-Z0-9_]+");

    public Listener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        name = name.toUpperCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Listener name '" + name + "' must be letters, digits and underscores");
        }
        if (port < 0 || port > 65535 || advertisedPort < 0 || advertisedPort > 65535) {
            throw new IllegalArgumentException("Listener " + name + ": port " + port + " / advertised port "
                    + advertisedPort + " is not in 0..65535");
        }
        saslMechanisms = saslMechanisms == null ? null
                : saslMechanisms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(saslMechanisms));
    }

    /** A listener named after its protocol ({@code SASL_SSL://}) on a free port. */
    public static Listener of(SecurityProtocol protocol) {
        return of(protocol.name(), protocol, 0);
    }

    /** A listener called {@code name} speaking {@code protocol} on {@code port} (0: a free one). */
    public static Listener of(String name, SecurityProtocol protocol, int port) {
        return new Listener(name, protocol, null, port, null, 0, null, null, null);
    }

    public Listener withHost(String bindHost) {
        return new Listener(name, protocol, bindHost, port, advertisedHost, advertisedPort, ssl, clientAuth, saslMechanisms);
    }

    public Listener withPort(int bindPort) {
        return new Listener(name, protocol, host, bindPort, advertisedHost, advertisedPort, ssl, clientAuth, saslMechanisms);
    }

    /** Tells clients that connect here to use {@code host}:{@code port} (0: the bound port). */
    public Listener withAdvertised(String host, int port) {
        return new Listener(name, protocol, this.host, this.port, host, port, ssl, clientAuth, saslMechanisms);
    }

    public Listener withSsl(SslSettings settings) {
        return new Listener(name, protocol, host, port, advertisedHost, advertisedPort, settings, clientAuth, saslMechanisms);
    }

    /** Mutual TLS on this listener: {@code listener.name.<name>.ssl.client.auth}. */
    public Listener withClientAuth(SslClientAuth auth) {
        return new Listener(name, protocol, host, port, advertisedHost, advertisedPort, ssl, auth, saslMechanisms);
    }

    public Listener withSaslMechanisms(Set<SaslMechanism> mechanisms) {
        return new Listener(name, protocol, host, port, advertisedHost, advertisedPort, ssl, clientAuth, mechanisms);
    }
}
