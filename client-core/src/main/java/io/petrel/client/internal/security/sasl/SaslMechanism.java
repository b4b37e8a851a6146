package io.petrel.client.internal.security.sasl;

import io.petrel.client.ConfigException;
import io.petrel.protocol.sasl.ScramFunctions;

import java.util.Arrays;
import java.util.List;

/**
 * The SASL mechanisms Petrel speaks, each with its name on the wire (SaslHandshake), the simple name of
 * the Kafka login module that configures it in sasl.jaas.config, and for SCRAM its hash's functions.
 */
public enum SaslMechanism {
    PLAIN("PLAIN", "PlainLoginModule", null),
    SCRAM_SHA_256("SCRAM-SHA-256", "ScramLoginModule", ScramFunctions.SHA_256),
    SCRAM_SHA_512("SCRAM-SHA-512", "ScramLoginModule", ScramFunctions.SHA_512),
    OAUTHBEARER("OAUTHBEARER", "OAuthBearerLoginModule", null);

    private final String wireName;
    private final String loginModule;
    private final ScramFunctions scram;

    SaslMechanism(String wireName, String loginModule, ScramFunctions scram) {
        this.wireName = wireName;
        this.loginModule = loginModule;
        this.scram = scram;
    }

    /** The name in SaslHandshake and in sasl.mechanism. */
    public String wireName() {
        return wireName;
    }

    /** The simple class name of Kafka's login module for this mechanism. */
    public String loginModule() {
        return loginModule;
    }

    /** For SCRAM: Hi, HMAC and H of its hash (null for the others). */
    public ScramFunctions scram() {
        return scram;
    }

    /**
     * The mechanism named by sasl.mechanism.
     *
     * @throws ConfigException for GSSAPI (Kafka's default, which Petrel does not speak) or any other name
     */
    public static SaslMechanism forName(String key, String name) {
        for (SaslMechanism m : values()) {
            if (m.wireName.equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        if ("GSSAPI".equalsIgnoreCase(name.trim())) {
            throw new ConfigException("Invalid value GSSAPI for configuration " + key + ": Petrel does not support "
                    + "Kerberos (GSSAPI, Kafka's default mechanism); set " + key + " to one of " + names());
        }
        throw new ConfigException("Invalid value " + name + " for configuration " + key + ": Petrel supports " + names());
    }

    private static List<String> names() {
        return Arrays.stream(values()).map(SaslMechanism::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
