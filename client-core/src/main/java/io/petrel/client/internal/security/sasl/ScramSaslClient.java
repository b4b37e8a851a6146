package io.petrel.client.internal.security.sasl;

import io.petrel.client.Password;
import io.petrel.client.SaslAuthenticationException;
import io.petrel.protocol.sasl.ScramFunctions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as Kafka speaks them: no channel binding
 * ({@code n,,}), the password proven without sending it, and the broker made to prove it knows the
 * salted password too.
 *
 * <p>The three steps: client-first {@code n,,n=user,r=cnonce}; the server-first {@code r=cnonce+snonce,s=salt,i=n}
 * is checked (its nonce must extend ours, iterations at least {@value #MIN_ITERATIONS} as Kafka requires)
 * and answered with client-final {@code c=biws,r=nonce,p=proof}; the server-final {@code v=signature} must
 * carry the signature computed here, else the broker is not the one holding the credentials, and the
 * exchange fails although the broker said yes.
 */
final class ScramSaslClient implements SaslMechanismClient {
    /** Kafka's lower bound on SCRAM iterations. */
    static final int MIN_ITERATIONS = 4096;
    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Step { SEND_FIRST, RECEIVE_SERVER_FIRST, RECEIVE_SERVER_FINAL, COMPLETE }

    private final SaslMechanism mechanism;
    private final String username;
    private final Password password;
    private final Map<String, String> extensions;
    private final String clientNonce;
    private Step step = Step.SEND_FIRST;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * @param extensions SCRAM extensions for client-first (Kafka's {@code tokenauth=true} for delegation tokens)
     * @param nonces     where the client nonce comes from (tests pass RFC 7677's)
     */
    ScramSaslClient(SaslMechanism mechanism, String username, Password password, Map<String, String> extensions,
                    Supplier<String> nonces) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.extensions = new LinkedHashMap<>(extensions);
        this.clientNonce = nonces.get();
    }

    ScramSaslClient(SaslMechanism mechanism, String username, Password password, Map<String, String> extensions) {
        this(mechanism, username, password, extensions, ScramSaslClient::randomNonce);
    }

    /** 24 random bytes as base64: printable and free of ',' as RFC 5802 requires. */
    static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        StringBuilder bare = new StringBuilder("n=").append(saslName(username)).append(",r=").append(clientNonce);
        extensions.forEach((k, v) -> bare.append(',').append(k).append('=').append(v));
        clientFirstBare = bare.toString();
        step = Step.RECEIVE_SERVER_FIRST;
        return CompletableFuture.completedFuture(utf8(GS2_HEADER + clientFirstBare));
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        return switch (step) {
            case RECEIVE_SERVER_FIRST -> clientFinal(new String(challenge, StandardCharsets.UTF_8));
            case RECEIVE_SERVER_FINAL -> {
                checkServerFinal(new String(challenge, StandardCharsets.UTF_8));
                yield null;
            }
            default -> throw new SaslAuthenticationException("unexpected SCRAM message from the broker in state " + step);
        };
    }

    @Override
    public boolean isComplete() {
        return step == Step.COMPLETE;
    }

    private byte[] clientFinal(String serverFirst) {
        Map<Character, String> attributes = attributes(serverFirst);
        if (attributes.containsKey('m')) {
            throw new SaslAuthenticationException("the broker asked for a mandatory SCRAM extension Petrel does not know");
        }
        if (attributes.containsKey('e')) {
            throw new SaslAuthenticationException("the broker refused the SCRAM exchange: " + attributes.get('e'));
        }
        String nonce = required(attributes, 'r', "nonce");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslAuthenticationException("the broker's SCRAM nonce does not extend the client's nonce");
        }
        byte[] salt;
        int iterations;
        try {
            salt = Base64.getDecoder().decode(required(attributes, 's', "salt"));
            iterations = Integer.parseInt(required(attributes, 'i', "iteration count"));
        } catch (IllegalArgumentException e) {
            throw new SaslAuthenticationException("the broker's SCRAM salt or iteration count is malformed");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new SaslAuthenticationException("the broker asked for " + iterations + " SCRAM iterations, fewer than the "
                    + "minimum " + MIN_ITERATIONS);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(utf8(GS2_HEADER)) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        ScramFunctions f = mechanism.scram();
        byte[] salted = f.saltedPassword(password.value(), salt, iterations);
        byte[] clientKey = f.clientKey(salted);
        byte[] proof = ScramFunctions.xor(clientKey, f.hmac(f.hash(clientKey), utf8(authMessage)));
        expectedServerSignature = f.hmac(f.serverKey(salted), utf8(authMessage));
        step = Step.RECEIVE_SERVER_FINAL;
        return utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    private void checkServerFinal(String serverFinal) {
        Map<Character, String> attributes = attributes(serverFinal);
        if (attributes.containsKey('e')) {
            throw new SaslAuthenticationException("the broker refused the SCRAM proof: " + attributes.get('e'));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(required(attributes, 'v', "server signature"));
        } catch (IllegalArgumentException e) {
            throw new SaslAuthenticationException("the broker's SCRAM server signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslAuthenticationException("the broker's SCRAM server signature does not match: it does not "
                    + "know this user's credentials");
        }
        step = Step.COMPLETE;
    }

    /** RFC 5802's saslname: '=' and ',' escaped. */
    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static Map<Character, String> attributes(String message) {
        Map<Character, String> out = new LinkedHashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new SaslAuthenticationException("the broker's SCRAM message is malformed");
            }
            out.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return out;
    }

    private static String required(Map<Character, String> attributes, char name, String what) {
        String value = attributes.get(name);
        if (value == null) {
            throw new SaslAuthenticationException("the broker's SCRAM message has no " + what);
        }
        return value;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
