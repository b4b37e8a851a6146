package io.petrel.broker.security;

import io.petrel.protocol.sasl.ScramFunctions;

import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user that can authenticate with PLAIN or SCRAM: the name and one salted {@link ScramCredential} per SCRAM
 * mechanism. The password is used once, to derive them, and not kept: PLAIN is checked by deriving the
 * SCRAM-SHA-512 {@code StoredKey} from the password the client sends and comparing. {@link #toString()} shows the
 * name only.
 */
public final class SaslUser {
    private final String name;
    private final Map<SaslMechanism, ScramCredential> credentials;

    private SaslUser(String name, Map<SaslMechanism, ScramCredential> credentials) {
        this.name = name;
        this.credentials = credentials;
    }

    /** {@code name} with credentials derived from {@code password} for SCRAM-SHA-256 and SCRAM-SHA-512 (and so PLAIN). */
    public static SaslUser withPassword(String name, String password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A SASL user name must not be empty");
        }
        Map<SaslMechanism, ScramCredential> credentials = new EnumMap<>(SaslMechanism.class);
        credentials.put(SaslMechanism.SCRAM_SHA_256,
                ScramCredential.derive(SaslMechanism.SCRAM_SHA_256, password, ScramCredential.DEFAULT_ITERATIONS));
        credentials.put(SaslMechanism.SCRAM_SHA_512,
                ScramCredential.derive(SaslMechanism.SCRAM_SHA_512, password, ScramCredential.DEFAULT_ITERATIONS));
        return new SaslUser(name, credentials);
    }

    /**
     * {@code name} with credentials made elsewhere (e.g. from a credential store); both SCRAM mechanisms must be
     * given, since PLAIN is checked against SCRAM-SHA-512's.
     */
    public static SaslUser withCredentials(String name, ScramCredential sha256, ScramCredential sha512) {
        Objects.requireNonNull(name, "name");
        Map<SaslMechanism, ScramCredential> credentials = new EnumMap<>(SaslMechanism.class);
        credentials.put(SaslMechanism.SCRAM_SHA_256, Objects.requireNonNull(sha256, "sha256"));
        credentials.put(SaslMechanism.SCRAM_SHA_512, Objects.requireNonNull(sha512, "sha512"));
        return new SaslUser(name, credentials);
    }

    public String name() {
        return name;
    }

    /** The credential for a SCRAM {@code mechanism}. */
    public ScramCredential scramCredential(SaslMechanism mechanism) {
        ScramCredential credential = credentials.get(mechanism);
        if (credential == null) {
            throw new IllegalArgumentException(mechanism.mechanismName() + " is not a SCRAM mechanism");
        }
        return credential;
    }

    /** Whether {@code password} is this user's (constant time in the comparison). */
    public boolean passwordMatches(String password) {
        ScramCredential credential = credentials.get(SaslMechanism.SCRAM_SHA_512);
        ScramFunctions functions = ScramCredential.functions(SaslMechanism.SCRAM_SHA_512);
        byte[] salted = functions.saltedPassword(password, credential.salt(), credential.iterations());
        return MessageDigest.isEqual(functions.hash(functions.clientKey(salted)), credential.storedKey());
    }

    @Override
    public String toString() {
        return "SaslUser[" + name + "]";
    }
}
