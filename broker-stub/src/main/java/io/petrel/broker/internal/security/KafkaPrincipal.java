package io.petrel.broker.internal.security;

import java.util.Objects;

/**
 * Who a connection acts as, in Kafka's {@code Type:name} form: {@code User:alice} after SASL,
 * {@code User:CN=alice} after mutual TLS (Kafka's default mapping, the subject's RFC 2253 name), and
 * {@code User:ANONYMOUS} where nothing authenticated the client. ACLs and super users name principals this way.
 *
 * @param type the principal type, {@code User} for everything this broker authenticates
 * @param name the name
 */
public record KafkaPrincipal(String type, String name) {
    public static final String USER_TYPE = "User";
    public static final KafkaPrincipal ANONYMOUS = new KafkaPrincipal(USER_TYPE, "ANONYMOUS");

    public KafkaPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static KafkaPrincipal user(String name) {
        return new KafkaPrincipal(USER_TYPE, name);
    }

    /** The principal {@code text} ({@code Type:name}) names; the name may itself hold colons. */
    public static KafkaPrincipal parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Principal '" + text + "' is not of the form Type:name, e.g. User:alice");
        }
        return new KafkaPrincipal(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
