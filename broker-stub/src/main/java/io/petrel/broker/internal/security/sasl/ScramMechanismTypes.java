package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.ScramCredential;
import io.petrel.protocol.sasl.ScramFunctions;

/**
 * The SCRAM mechanisms as the credential APIs number them on the wire (Kafka's ScramMechanism: 0 unknown,
 * 1 SCRAM-SHA-256, 2 SCRAM-SHA-512), their iteration bounds, and the credential a client's salted password gives.
 */
public final class ScramMechanismTypes {
    /** Kafka's fewest iterations for a SCRAM credential, both mechanisms. */
    public static final int MIN_ITERATIONS = ScramCredential.DEFAULT_ITERATIONS;
    /** Kafka's most iterations for a SCRAM credential, both mechanisms. */
    public static final int MAX_ITERATIONS = 16384;

    private ScramMechanismTypes() {
    }

    /** The mechanism numbered {@code type}, or null for 0 (unknown) and any other number. */
    public static SaslMechanism fromType(byte type) {
        return switch (type) {
            case 1 -> SaslMechanism.SCRAM_SHA_256;
            case 2 -> SaslMechanism.SCRAM_SHA_512;
            default -> null;
        };
    }

    /** The wire number of SCRAM {@code mechanism}. */
    public static byte type(SaslMechanism mechanism) {
        return switch (mechanism) {
            case SCRAM_SHA_256 -> 1;
            case SCRAM_SHA_512 -> 2;
            default -> throw new IllegalArgumentException(mechanism.mechanismName() + " is not a SCRAM mechanism");
        };
    }

    /**
     * The credential the broker keeps for a client-computed {@code saltedPassword} (Hi(password, salt, i)): the
     * salted password itself is used here and dropped.
     */
    public static ScramCredential credential(SaslMechanism mechanism, byte[] salt, int iterations, byte[] saltedPassword) {
        ScramFunctions functions = mechanism == SaslMechanism.SCRAM_SHA_256 ? ScramFunctions.SHA_256 : ScramFunctions.SHA_512;
        return new ScramCredential(salt, iterations, functions.hash(functions.clientKey(saltedPassword)),
                functions.serverKey(saltedPassword));
    }
}
