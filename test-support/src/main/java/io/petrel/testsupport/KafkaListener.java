package io.petrel.testsupport;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One listener of a {@link RealKafkaBroker}: its name as server.properties spells it ({@code PLAINTEXT},
 * {@code CONTROLLER}, {@code SASL_SSL}, {@code CLIENT_TLS} ...), the security protocol it speaks and its loopback port.
 *
 * @param name             the listener name, upper case letters, digits and underscores
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param port             its port on 127.0.0.1
 */
public record KafkaListener(String name, String securityProtocol, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT",
            "SASL_SSL");

    public KafkaListener {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A listener name is upper case letters, digits and underscores, "
                    + "starting with a letter, was " + name);
        }
        if (securityProtocol == null || !PROTOCOLS.contains(securityProtocol.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Listener " + name + ": security protocol must be one of "
                    + PROTOCOLS + ", was " + securityProtocol);
        }
        securityProtocol = securityProtocol.toUpperCase(Locale.ROOT);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Listener " + name + ": port must be 0-65535, was " + port);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** How {@code listeners} and {@code advertised.listeners} name it: {@code NAME://127.0.0.1:<port>}. */
    public String uri() {
        return name + "://" + address();
    }

    /** Its entry in {@code listener.security.protocol.map}: {@code NAME:PROTOCOL}. */
    String protocolMapEntry() {
        return name + ":" + securityProtocol;
    }

    /** The same listener on another port. */
    KafkaListener withPort(int newPort) {
        return new KafkaListener(name, securityProtocol, newPort);
    }
}
