package io.petrel.client.internal.security.sasl;

import io.petrel.client.Password;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * SASL/PLAIN (RFC 4616): one message, {@code authzid NUL authcid NUL passwd}, with an empty authorization
 * id as Kafka sends it. Only safe inside TLS: the password travels as it is.
 */
final class PlainSaslClient implements SaslMechanismClient {
    private final String username;
    private final Password password;

    PlainSaslClient(String username, Password password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public CompletableFuture<byte[]> initialResponse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(username.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(password.value().getBytes(StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(out.toByteArray());
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        return null;
    }

    @Override
    public boolean isComplete() {
        return true;
    }
}
