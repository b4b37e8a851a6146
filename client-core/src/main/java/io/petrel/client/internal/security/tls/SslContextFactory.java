package io.petrel.client.internal.security.tls;

import io.petrel.client.ConfigException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TLS side of a client: one JDK {@link SSLContext} built from the client's {@link TlsSettings} when
 * the client starts (so a missing file or a wrong store password is a ConfigException from the
 * constructor, as in kafka-clients), and a new client-mode {@link SSLEngine} per connection, told the
 * broker's host and port so that SNI is sent and, with ssl.endpoint.identification.algorithm=https, the
 * certificate must name that host.
 */
public final class SslContextFactory {
    private final TlsSettings settings;
    private final SSLContext context;

    private SslContextFactory(TlsSettings settings, SSLContext context) {
        this.settings = settings;
        this.context = context;
    }

    /**
     * Loads the stores and builds the context, then checks the protocols and cipher suites on a trial engine.
     *
     * @throws ConfigException naming the setting at fault
     */
    public static SslContextFactory create(TlsSettings settings) {
        SSLContext context = newContext(settings);
        SslContextFactory factory = new SslContextFactory(settings, context);
        factory.checkSupported(context.createSSLEngine());
        return factory;
    }

    /** An engine for one connection to {@code host:port}. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(settings.enabledProtocols().toArray(String[]::new));
        if (!settings.cipherSuites().isEmpty()) {
            parameters.setCipherSuites(settings.cipherSuites().toArray(String[]::new));
        }
        if (settings.verifiesHostName()) {
            parameters.setEndpointIdentificationAlgorithm(settings.endpointIdentification());
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    public TlsSettings settings() {
        return settings;
    }

    private static SSLContext newContext(TlsSettings settings) {
        SSLContext context;
        try {
            context = settings.provider() == null ? SSLContext.getInstance(settings.protocol())
                    : SSLContext.getInstance(settings.protocol(), settings.provider());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Invalid value " + settings.protocol() + " for configuration ssl.protocol"
                    + (settings.provider() == null ? "" : " with ssl.provider " + settings.provider()) + ": " + e.getMessage());
        }
        try {
            context.init(keyManagers(settings), trustManagers(settings), secureRandom(settings));
        } catch (java.security.KeyManagementException e) {
            throw new ConfigException("Could not set up TLS: " + e.getMessage());
        }
        return context;
    }

    private static KeyManager[] keyManagers(TlsSettings settings) {
        if (settings.keystore() == null) {
            return null;
        }
        StoreLoader.LoadedKeyStore loaded = StoreLoader.keyStore(settings.keystore(), settings.keyPassword());
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(settings.keyManagerAlgorithm());
            factory.init(loaded.store(), loaded.keyPassword());
            return factory.getKeyManagers();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ConfigException("Invalid value " + settings.keyManagerAlgorithm()
                    + " for configuration ssl.keymanager.algorithm: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("The private key of the key store cannot be opened (is ssl.key.password right?): "
                    + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(TlsSettings settings) {
        KeyStore trusted = settings.truststore() == null ? null : StoreLoader.trustStore(settings.truststore());
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(settings.trustManagerAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ConfigException("Invalid value " + settings.trustManagerAlgorithm()
                    + " for configuration ssl.trustmanager.algorithm: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("The trust store cannot be used: " + e.getMessage());
        }
    }

    private static SecureRandom secureRandom(TlsSettings settings) {
        if (settings.secureRandomAlgorithm() == null) {
            return null;
        }
        try {
            return SecureRandom.getInstance(settings.secureRandomAlgorithm());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ConfigException("Invalid value " + settings.secureRandomAlgorithm()
                    + " for configuration ssl.secure.random.implementation: " + e.getMessage());
        }
    }

    private void checkSupported(SSLEngine engine) {
        List<String> protocols = missing(settings.enabledProtocols(), engine.getSupportedProtocols());
        if (!protocols.isEmpty()) {
            throw new ConfigException("Invalid value " + settings.enabledProtocols() + " for configuration "
                    + "ssl.enabled.protocols: " + protocols + " not supported; this JDK supports "
                    + Arrays.toString(engine.getSupportedProtocols()));
        }
        List<String> ciphers = missing(settings.cipherSuites(), engine.getSupportedCipherSuites());
        if (!ciphers.isEmpty()) {
            throw new ConfigException("Invalid value " + settings.cipherSuites() + " for configuration "
                    + "ssl.cipher.suites: " + ciphers + " not supported by this JDK");
        }
    }

    private static List<String> missing(List<String> wanted, String[] supported) {
        List<String> out = new ArrayList<>(wanted);
        out.removeAll(Arrays.asList(supported));
        return out;
    }
}
