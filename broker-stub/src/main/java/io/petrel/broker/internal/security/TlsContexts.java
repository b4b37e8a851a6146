package io.petrel.broker.internal.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.security.SslSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Builds a listener's server-side Netty {@link SslContext} (the JDK's TLS engine) from Kafka-style
 * {@link SslSettings}: PKCS12 and JKS stores through {@link KeyStore}, PEM key stores and trust stores (file or
 * inline) through Netty's PEM reader. Every failure names the setting and file at fault, never a password.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** The server context for {@code settings}, asking clients for certificates as {@code clientAuth} says. */
    public static SslContext server(SslSettings settings, SslClientAuth clientAuth) {
        if (!settings.hasKeyStore()) {
            throw new IllegalArgumentException("A TLS listener needs a key store: set ssl.keystore.location or "
                    + "ssl.keystore.certificate.chain and ssl.keystore.key");
        }
        try {
            SslContextBuilder builder = keyMaterial(settings)
                    .sslProvider(SslProvider.JDK)
                    .protocols(settings.enabledProtocols())
                    .clientAuth(switch (clientAuth) {
                        case NONE -> ClientAuth.NONE;
                        case REQUESTED -> ClientAuth.OPTIONAL;
                        case REQUIRED -> ClientAuth.REQUIRE;
                    });
            if (!settings.cipherSuites().isEmpty()) {
                builder.ciphers(settings.cipherSuites());
            }
            if (settings.hasTrustStore()) {
                trustMaterial(builder, settings);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("Could not set up TLS from " + settings + ": " + e.getMessage(), e);
        }
    }

    private static SslContextBuilder keyMaterial(SslSettings s) {
        String keyPassword = s.keyPassword() != null ? s.keyPassword() : s.keystorePassword();
        if (s.keystoreKey() != null) {
            return SslContextBuilder.forServer(text(s.keystoreCertificateChain()), text(s.keystoreKey()), keyPassword);
        }
        if (s.keystoreType().equals("PEM")) {
            // A PEM key store file holds the key and the chain; Netty's reader picks each block out by its label.
            byte[] pem = read("ssl.keystore.location", s.keystoreLocation());
            return SslContextBuilder.forServer(new ByteArrayInputStream(pem), new ByteArrayInputStream(pem), s.keyPassword());
        }
        KeyStore store = load("ssl.keystore.location", s.keystoreLocation(), s.keystoreType(), s.keystorePassword());
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            return SslContextBuilder.forServer(factory);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Could not read the private key in " + s.keystoreLocation()
                    + " (wrong ssl.key.password?): " + e.getMessage(), e);
        }
    }

    private static void trustMaterial(SslContextBuilder builder, SslSettings s) {
        if (s.truststoreCertificates() != null) {
            builder.trustManager(text(s.truststoreCertificates()));
        } else if (s.truststoreType().equals("PEM")) {
            builder.trustManager(new ByteArrayInputStream(read("ssl.truststore.location", s.truststoreLocation())));
        } else {
            KeyStore store = load("ssl.truststore.location", s.truststoreLocation(), s.truststoreType(),
                    s.truststorePassword());
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                builder.trustManager(factory);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("Could not use " + s.truststoreLocation() + " as a trust store: "
                        + e.getMessage(), e);
            }
        }
    }

    private static KeyStore load(String key, String location, String type, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read " + key + " " + location + " as " + type
                    + " (missing file or wrong password?): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Could not load " + key + " " + location + " as " + type + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(String key, String location) {
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read " + key + " " + location + ": " + e.getMessage(), e);
        }
    }

    private static InputStream text(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
