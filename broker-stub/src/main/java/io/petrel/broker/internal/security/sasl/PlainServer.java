package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslUser;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SASL/PLAIN (RFC 4616), server side: one message {@code [authzid] NUL username NUL password}, checked against
 * the user's salted credential. The failure messages are Kafka's, word for word, since clients show them.
 */
final class PlainServer implements SaslServerMechanism {
    private final Map<String, SaslUser> users;
    private String authorizationId;

    PlainServer(Map<String, SaslUser> users) {
        this.users = users;
    }

    @Override
    public byte[] evaluate(byte[] response) throws SaslFailure {
        if (authorizationId != null) {
            throw SaslFailure.logOnly("SASL/PLAIN got a response after it completed");
        }
        String[] tokens = new String(response, StandardCharsets.UTF_8).split("\u0000", -1);
        if (tokens.length != 3) {
            throw SaslFailure.logOnly("Invalid SASL/PLAIN response: expected 3 tokens, got " + tokens.length);
        }
        String authzid = tokens[0];
        String username = tokens[1];
        String password = tokens[2];
        if (username.isEmpty()) {
            throw SaslFailure.toClient("Authentication failed: username not specified");
        }
        if (password.isEmpty()) {
            throw SaslFailure.toClient("Authentication failed: password not specified");
        }
        SaslUser user = users.get(username);
        if (user == null || !user.passwordMatches(password)) {
            throw SaslFailure.toClient("Authentication failed: Invalid username or password");
        }
        if (!authzid.isEmpty() && !authzid.equals(username)) {
            throw SaslFailure.toClient("Authentication failed: Client requested an authorization id that is different from username");
        }
        authorizationId = username;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return authorizationId != null;
    }

    @Override
    public String authorizationId() {
        return authorizationId;
    }
}
