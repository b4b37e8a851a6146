package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;
import io.petrel.broker.security.ScramCredential;
import io.petrel.protocol.sasl.ScramFunctions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SCRAM server replays RFC 7677's SCRAM-SHA-256 example exchange byte for byte, and refuses what it must. */
class ScramServerTest {
    private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = CLIENT_NONCE + SERVER_NONCE;

    private static Map<String, SaslUser> rfcUser() {
        byte[] salt = Base64.getDecoder().decode(SALT);
        ScramCredential sha256 = credential(ScramFunctions.SHA_256, "pencil", salt);
        ScramCredential sha512 = credential(ScramFunctions.SHA_512, "pencil", salt);
        return Map.of("user", SaslUser.withCredentials("user", sha256, sha512));
    }

    private static ScramCredential credential(ScramFunctions f, String password, byte[] salt) {
        byte[] salted = f.saltedPassword(password, salt, 4096);
        return new ScramCredential(salt, 4096, f.hash(f.clientKey(salted)), f.serverKey(salted));
    }

    private static ScramServer server() {
        return new ScramServer(SaslMechanism.SCRAM_SHA_256, ScramCredentialStore.inMemory(rfcUser()), () -> SERVER_NONCE);
    }

    private static String evaluate(ScramServer server, String message) throws SaslFailure {
        return new String(server.evaluate(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677ExampleExchange() throws SaslFailure {
        ScramServer server = server();

        assertEquals("r=" + NONCE + ",s=" + SALT + ",i=4096", evaluate(server, "n,,n=user,r=" + CLIENT_NONCE));
        assertFalse(server.isComplete());
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                evaluate(server, "c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertTrue(server.isComplete());
        assertEquals("user", server.authorizationId());
    }

    @Test
    void aWrongProofFailsWithoutTellingTheClientWhy() throws SaslFailure {
        ScramServer server = server();
        evaluate(server, "n,,n=user,r=" + CLIENT_NONCE);
        SaslFailure failure = assertThrows(SaslFailure.class,
                () -> evaluate(server, "c=biws,r=" + NONCE + ",p=AHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertFalse(failure.forClient());
        assertTrue(failure.getMessage().contains("Invalid client credentials"), failure.getMessage());
        assertFalse(server.isComplete());
    }

    @Test
    void aNonceOtherThanTheServersFails() throws SaslFailure {
        ScramServer server = server();
        evaluate(server, "n,,n=user,r=" + CLIENT_NONCE);
        SaslFailure failure = assertThrows(SaslFailure.class,
                () -> evaluate(server, "c=biws,r=" + CLIENT_NONCE + "x,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertTrue(failure.getMessage().contains("nonce"), failure.getMessage());
    }

    @Test
    void unknownUsersAndMalformedMessagesFail() {
        assertThrows(SaslFailure.class, () -> evaluate(server(), "n,,n=mallory,r=" + CLIENT_NONCE));
        assertThrows(SaslFailure.class, () -> evaluate(server(), "p=tls-unique,,n=user,r=" + CLIENT_NONCE));
        assertThrows(SaslFailure.class, () -> evaluate(server(), "garbage"));
        assertThrows(SaslFailure.class, () -> evaluate(server(), "n,a=admin,n=user,r=" + CLIENT_NONCE),
                "an authorization id other than the user");
        assertThrows(SaslFailure.class, () -> evaluate(server(), "n,,n=user,r=" + CLIENT_NONCE + ",tokenauth=true"));
    }

    @Test
    void escapedNamesAreDecoded() throws SaslFailure {
        byte[] salt = new byte[16];
        SaslUser odd = SaslUser.withCredentials("a,b=c", credential(ScramFunctions.SHA_256, "pw", salt),
                credential(ScramFunctions.SHA_512, "pw", salt));
        ScramServer server = new ScramServer(SaslMechanism.SCRAM_SHA_256, ScramCredentialStore.inMemory(Map.of("a,b=c", odd)), () -> "s");
        assertTrue(evaluate(server, "n,,n=a=2Cb=3Dc,r=abc").startsWith("r=abcs,"));
    }
}
