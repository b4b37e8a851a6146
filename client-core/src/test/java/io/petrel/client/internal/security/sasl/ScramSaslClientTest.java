package io.petrel.client.internal.security.sasl;

import io.petrel.client.Password;
import io.petrel.client.SaslAuthenticationException;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScramSaslClientTest {
    /** RFC 7677 section 3: user "user", password "pencil". */
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramSaslClient rfcClient() {
        return new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "user", new Password("pencil"), Map.of(),
                () -> CLIENT_NONCE);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677TestVector() {
        ScramSaslClient client = rfcClient();
        assertEquals("n,,n=user,r=" + CLIENT_NONCE, new String(client.initialResponse().join(), StandardCharsets.UTF_8));
        assertEquals(CLIENT_FINAL, new String(client.evaluate(utf8(SERVER_FIRST)), StandardCharsets.UTF_8));
        assertFalse(client.isComplete());
        assertNull(client.evaluate(utf8(SERVER_FINAL)));
        assertTrue(client.isComplete());
    }

    @Test
    void aServerSignatureThatDoesNotMatchIsRejected() {
        ScramSaslClient client = rfcClient();
        client.initialResponse().join();
        client.evaluate(utf8(SERVER_FIRST));
        SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class,
                () -> client.evaluate(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(e.getMessage().contains("server signature does not match"), e.getMessage());
        assertFalse(client.isComplete());
    }

    @Test
    void aServerFinalWithoutSignatureIsRejected() {
        ScramSaslClient client = rfcClient();
        client.initialResponse().join();
        client.evaluate(utf8(SERVER_FIRST));
        assertThrows(SaslAuthenticationException.class, () -> client.evaluate(new byte[0]));
        assertFalse(client.isComplete());
    }

    @Test
    void aServerNonceThatDoesNotExtendOursIsRejected() {
        ScramSaslClient client = rfcClient();
        client.initialResponse().join();
        SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class,
                () -> client.evaluate(utf8("r=someoneElsesNonce%hvYDpWUa2,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
        assertTrue(e.getMessage().contains("nonce does not extend"), e.getMessage());
        ScramSaslClient again = rfcClient();
        again.initialResponse().join();
        assertThrows(SaslAuthenticationException.class,
                () -> again.evaluate(utf8("r=" + CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")),
                "a server nonce equal to ours adds nothing of the server's");
    }

    @Test
    void tooFewIterationsAndServerErrorsAreRejected() {
        ScramSaslClient client = rfcClient();
        client.initialResponse().join();
        SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class, () -> client.evaluate(
                utf8("r=" + CLIENT_NONCE + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000")));
        assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("4096"), e.getMessage());

        ScramSaslClient refused = rfcClient();
        refused.initialResponse().join();
        e = assertThrows(SaslAuthenticationException.class, () -> refused.evaluate(utf8("e=unknown-user")));
        assertTrue(e.getMessage().contains("unknown-user"), e.getMessage());
    }

    @Test
    void usernamesAreEscapedAsSaslNames() {
        ScramSaslClient client = new ScramSaslClient(SaslMechanism.SCRAM_SHA_256, "a=b,c", new Password("p"),
                Map.of("tokenauth", "true"), () -> "nonce");
        assertEquals("n,,n=a=3Db=2Cc,r=nonce,tokenauth=true", new String(client.initialResponse().join(),
                StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(value = SaslMechanism.class, names = {"SCRAM_SHA_256", "SCRAM_SHA_512"})
    void kafkasOwnScramServerAcceptsTheClient(SaslMechanism mechanism) throws Exception {
        ScramSaslServer server = kafkaServer(mechanism, "alice", "alice-secret");
        ScramSaslClient client = new ScramSaslClient(mechanism, "alice", new Password("alice-secret"), Map.of());
        byte[] serverFirst = server.evaluateResponse(client.initialResponse().join());
        byte[] serverFinal = server.evaluateResponse(client.evaluate(serverFirst));
        assertTrue(server.isComplete());
        assertNull(client.evaluate(serverFinal));
        assertTrue(client.isComplete());
        assertEquals("alice", server.getAuthorizationID());
    }

    @Test
    void kafkasScramServerRefusesAWrongPassword() throws Exception {
        ScramSaslServer server = kafkaServer(SaslMechanism.SCRAM_SHA_512, "alice", "alice-secret");
        ScramSaslClient client = new ScramSaslClient(SaslMechanism.SCRAM_SHA_512, "alice", new Password("nope"), Map.of());
        byte[] serverFirst = server.evaluateResponse(client.initialResponse().join());
        byte[] clientFinal = client.evaluate(serverFirst);
        assertThrows(javax.security.sasl.SaslException.class, () -> server.evaluateResponse(clientFinal));
    }

    @Test
    void plainSendsAnEmptyAuthorizationIdThenUserAndPassword() {
        PlainSaslClient client = new PlainSaslClient("alice", new Password("s3cret"));
        assertArrayEquals(utf8("\0alice\0s3cret"), client.initialResponse().join());
        assertTrue(client.isComplete());
    }

    private static ScramSaslServer kafkaServer(SaslMechanism mechanism, String user, String password) throws Exception {
        ScramMechanism kafka = ScramMechanism.forMechanismName(mechanism.wireName());
        ScramFormatter formatter = new ScramFormatter(kafka);
        return new ScramSaslServer(kafka, Map.of(), callbacks -> {
            String name = null;
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    name = n.getDefaultName();
                } else if (c instanceof ScramCredentialCallback s && user.equals(name)) {
                    s.scramCredential(formatter.generateCredential(password, 4096));
                }
            }
        });
    }
}
