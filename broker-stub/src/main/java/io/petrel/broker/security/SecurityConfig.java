package io.petrel.broker.security;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A broker's security settings beyond its listeners: TLS key material, SASL mechanisms and users, the
 * OAUTHBEARER token validator, re-authentication, and the authorizer. {@link #none()} is a broker with none
 * of it (plaintext listeners need nothing). Secrets are never shown by {@link #toString()}: users are held as
 * salted SCRAM credentials, TLS passwords are hidden.
 *
 * @param ssl                  the broker's TLS settings ({@code ssl.*}); null means a TLS listener gets a generated
 *                             throwaway CA and a certificate for localhost/127.0.0.1 in the data directory
 * @param saslMechanisms       {@code sasl.enabled.mechanisms}; all four by default
 * @param users                users for PLAIN and SCRAM, by name
 * @param oauthBearerValidator checks OAUTHBEARER tokens; null means Kafka's unsecured-JWS rules on the broker's clock
 * @param reauthentication     {@code connections.max.reauth.ms}: a SASL session's lifetime; zero means no limit
 * @param authorizer           ACL enforcement
 */
public record SecurityConfig(SslSettings ssl, Set<SaslMechanism> saslMechanisms, Map<String, SaslUser> users,
                             OAuthBearerValidator oauthBearerValidator, Duration reauthentication,
                             AuthorizerSettings authorizer) {
    public SecurityConfig {
        Objects.requireNonNull(saslMechanisms, "saslMechanisms");
        Objects.requireNonNull(reauthentication, "reauthentication");
        Objects.requireNonNull(authorizer, "authorizer");
        if (saslMechanisms.isEmpty()) {
            throw new IllegalArgumentException("sasl.enabled.mechanisms must name at least one mechanism");
        }
        if (reauthentication.isNegative()) {
            throw new IllegalArgumentException("connections.max.reauth.ms " + reauthentication.toMillis() + " must not be negative");
        }
        saslMechanisms = Set.copyOf(EnumSet.copyOf(saslMechanisms));
        users = Map.copyOf(users);
    }

    /** No TLS material, every SASL mechanism, no users, no re-authentication, no authorizer. */
    public static SecurityConfig none() {
        return new SecurityConfig(null, EnumSet.allOf(SaslMechanism.class), Map.of(), null, Duration.ZERO,
                AuthorizerSettings.disabled());
    }

    public SecurityConfig withSsl(SslSettings settings) {
        return new SecurityConfig(settings, saslMechanisms, users, oauthBearerValidator, reauthentication, authorizer);
    }

    public SecurityConfig withSaslMechanisms(Set<SaslMechanism> mechanisms) {
        return new SecurityConfig(ssl, mechanisms, users, oauthBearerValidator, reauthentication, authorizer);
    }

    /** These settings with {@code user} added (replacing a user of the same name). */
    public SecurityConfig withUser(SaslUser user) {
        Map<String, SaslUser> all = new LinkedHashMap<>(users);
        all.put(user.name(), user);
        return new SecurityConfig(ssl, saslMechanisms, all, oauthBearerValidator, reauthentication, authorizer);
    }

    public SecurityConfig withOAuthBearerValidator(OAuthBearerValidator validator) {
        return new SecurityConfig(ssl, saslMechanisms, users, validator, reauthentication, authorizer);
    }

    public SecurityConfig withReauthentication(Duration lifetime) {
        return new SecurityConfig(ssl, saslMechanisms, users, oauthBearerValidator, lifetime, authorizer);
    }

    public SecurityConfig withAuthorizer(AuthorizerSettings settings) {
        return new SecurityConfig(ssl, saslMechanisms, users, oauthBearerValidator, reauthentication, settings);
    }

    @Override
    public String toString() {
        return "SecurityConfig[ssl=" + (ssl == null ? "generated" : ssl) + ", saslMechanisms=" + saslMechanisms
                + ", users=" + users.keySet() + ", reauthentication=" + reauthentication + ", authorizer=" + authorizer + "]";
    }
}
