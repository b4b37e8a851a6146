package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.ScramCredential;
import io.petrel.protocol.sasl.ScramFunctions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCRAM-SHA-256/512 (RFC 5802, RFC 7677), server side, in its two rounds:
 * <ol>
 *   <li>client-first {@code n,[a=authzid],n=user,r=cnonce} -> server-first {@code r=cnonce+snonce,s=salt,i=iterations};</li>
 *   <li>client-final {@code c=biws,r=nonce,p=proof} -> server-final {@code v=signature}, once
 *       {@code H(ClientProof XOR HMAC(StoredKey, AuthMessage)) == StoredKey}.</li>
 * </ol>
 * Every failure is log-only: the client gets Kafka's generic "invalid credentials" message, so it cannot tell an
 * unknown user from a wrong password. Delegation-token authentication ({@code tokenauth}) is not served.
 */
final class ScramServer implements SaslServerMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SASL_NAME = "(?:[^=,\\x00]|=2C|=3D)+";
    private static final String VALUE = "[^,\\x00]+";
    private static final Pattern CLIENT_FIRST = Pattern.compile(
            "(?<gs2>[ny],(?:a=(?<authzid>" + SASL_NAME + "))?,)(?<bare>n=(?<name>" + SASL_NAME + "),r=(?<nonce>"
                    + VALUE + ")(?<extensions>(?:,[a-zA-Z]+=" + VALUE + ")*))");
    private static final Pattern CLIENT_FINAL = Pattern.compile(
            "(?<withoutProof>c=(?<binding>[A-Za-z0-9+/=]+),r=(?<nonce>" + VALUE + ")(?:,[a-zA-Z]+=" + VALUE
                    + ")*),p=(?<proof>[A-Za-z0-9+/=]+)");

    private enum State { CLIENT_FIRST, CLIENT_FINAL, COMPLETE, FAILED }

    private final SaslMechanism mechanism;
    private final ScramFunctions functions;
    private final ScramCredentialStore credentials;
    private State state = State.CLIENT_FIRST;
    private String username;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private final Supplier<String> serverNonces;
    private ScramCredential credential;

    ScramServer(SaslMechanism mechanism, ScramCredentialStore credentials) {
        this(mechanism, credentials, ScramServer::serverNonce);
    }

    /** A server whose nonces come from {@code serverNonces} (tests replay RFC 7677's example with it). */
    ScramServer(SaslMechanism mechanism, ScramCredentialStore credentials, Supplier<String> serverNonces) {
        this.mechanism = mechanism;
        this.functions = mechanism == SaslMechanism.SCRAM_SHA_256 ? ScramFunctions.SHA_256 : ScramFunctions.SHA_512;
        this.credentials = credentials;
        this.serverNonces = serverNonces;
    }

    @Override
    public byte[] evaluate(byte[] response) throws SaslFailure {
        String message = new String(response, StandardCharsets.UTF_8);
        try {
            return switch (state) {
                case CLIENT_FIRST -> clientFirst(message);
                case CLIENT_FINAL -> clientFinal(message);
                default -> throw SaslFailure.logOnly(mechanism.mechanismName() + " got a response in state " + state);
            };
        } catch (SaslFailure e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] clientFirst(String message) throws SaslFailure {
        Matcher m = CLIENT_FIRST.matcher(message);
        if (!m.matches()) {
            throw SaslFailure.logOnly("Invalid " + mechanism.mechanismName() + " client-first message");
        }
        if (m.group("extensions").contains("tokenauth=")) {
            throw SaslFailure.logOnly("Delegation token authentication is not served by broker-stub");
        }
        username = decodeName(m.group("name"));
        String authzid = m.group("authzid");
        if (authzid != null && !decodeName(authzid).equals(username)) {
            throw SaslFailure.logOnly("Client requested an authorization id that is different from username " + username);
        }
        // Looked up per login, so credentials altered at run time count from the next exchange on.
        credential = credentials.credential(username, mechanism);
        if (credential == null) {
            throw SaslFailure.logOnly("Unknown " + mechanism.mechanismName() + " user " + username);
        }
        gs2Header = m.group("gs2");
        clientFirstBare = m.group("bare");
        nonce = m.group("nonce") + serverNonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        state = State.CLIENT_FINAL;
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] clientFinal(String message) throws SaslFailure {
        Matcher m = CLIENT_FINAL.matcher(message);
        if (!m.matches()) {
            throw SaslFailure.logOnly("Invalid " + mechanism.mechanismName() + " client-final message from " + username);
        }
        if (!m.group("nonce").equals(nonce)) {
            throw SaslFailure.logOnly("Invalid client nonce in the final client message from " + username);
        }
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!m.group("binding").equals(expectedBinding)) {
            throw SaslFailure.logOnly("Channel binding of " + username + " does not repeat its GS2 header");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(m.group("proof"));
        } catch (IllegalArgumentException e) {
            throw SaslFailure.logOnly("Client proof of " + username + " is not base64");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + m.group("withoutProof"))
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credential.storedKey();
        byte[] clientSignature = functions.hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length
                || !MessageDigest.isEqual(functions.hash(ScramFunctions.xor(proof, clientSignature)), storedKey)) {
            throw SaslFailure.logOnly("Invalid client credentials of " + username);
        }
        byte[] serverSignature = functions.hmac(credential.serverKey(), authMessage);
        state = State.COMPLETE;
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    private static String decodeName(String saslName) {
        return saslName.replace("=2C", ",").replace("=3D", "=");
    }

    private static String serverNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        // Base64 without '+', '/' and '=' stays within the printable characters a nonce allows, and has no ','.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public String authorizationId() {
        return username;
    }
}
