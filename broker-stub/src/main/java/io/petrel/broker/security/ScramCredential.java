package io.petrel.broker.security;

import io.petrel.protocol.sasl.ScramFunctions;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * What a broker keeps of a SCRAM user (RFC 5802): the salt, the iteration count, {@code StoredKey} and
 * {@code ServerKey}; enough to check a client's proof and sign the answer, never the password.
 * {@link #toString()} shows only the iteration count.
 *
 * @param salt       random salt
 * @param iterations PBKDF2 iterations; Kafka's minimum and broker-stub's default is 4096
 * @param storedKey  {@code H(HMAC(SaltedPassword, "Client Key"))}
 * @param serverKey  {@code HMAC(SaltedPassword, "Server Key")}
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    /** Kafka's minimum iteration count for SCRAM credentials. */
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredential {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (iterations < DEFAULT_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iterations " + iterations + " must be at least " + DEFAULT_ITERATIONS);
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** A credential for {@code password} under {@code mechanism} (SCRAM-SHA-256 or -512), with a fresh random salt. */
    public static ScramCredential derive(SaslMechanism mechanism, String password, int iterations) {
        ScramFunctions functions = functions(mechanism);
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] salted = functions.saltedPassword(password, salt, iterations);
        return new ScramCredential(salt, iterations, functions.hash(functions.clientKey(salted)), functions.serverKey(salted));
    }

    static ScramFunctions functions(SaslMechanism mechanism) {
        return switch (mechanism) {
            case SCRAM_SHA_256 -> ScramFunctions.SHA_256;
            case SCRAM_SHA_512 -> ScramFunctions.SHA_512;
            default -> throw new IllegalArgumentException(mechanism.mechanismName() + " is not a SCRAM mechanism");
        };
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && iterations == c.iterations && java.util.Arrays.equals(salt, c.salt)
                && java.util.Arrays.equals(storedKey, c.storedKey) && java.util.Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredential[iterations=" + iterations + ", keys=(hidden)]";
    }
}
