package io.petrel.broker.internal.security;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.security.sasl.SaslMechanisms;
import io.petrel.broker.internal.security.sasl.ScramCredentialStore;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.OAuthBearerValidator;
import io.petrel.broker.security.SecurityConfig;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.security.SslSettings;
import io.petrel.broker.security.UnsecuredJwsValidator;
import io.petrel.broker.tls.TestCertificates;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Resolves each configured {@link Listener} into its {@link ListenerSecurity}, the way Kafka layers settings: a
 * listener's own {@code listener.name.<name>.ssl.*} over the broker's {@code ssl.*}, its own client-auth over
 * those, its own SASL mechanisms over {@code sasl.enabled.mechanisms}. A TLS listener with no key store anywhere
 * gets the broker's generated test certificates (made on first need, in the data directory).
 */
public final class ListenerSecurities {
    private final SecurityConfig security;
    private final BrokerConfig config;
    private final Supplier<TestCertificates> generated;
    private final SaslMechanisms saslServers;

    /** Listeners whose SCRAM logins check {@code scramCredentials}, which AlterUserScramCredentials changes. */
    public ListenerSecurities(BrokerConfig config, Supplier<TestCertificates> generated,
                              ScramCredentialStore scramCredentials) {
        this.config = config;
        this.security = config.security();
        this.generated = generated;
        OAuthBearerValidator validator = security.oauthBearerValidator() != null ? security.oauthBearerValidator()
                : UnsecuredJwsValidator.defaults(config.clock());
        this.saslServers = new SaslMechanisms(security.users(), scramCredentials, validator);
    }

    /** Whether any listener needs the generated certificates. */
    public static boolean needGeneratedCertificates(BrokerConfig config) {
        // A loop, not a stream: it runs in every broker's start, before the first answer (see LazyRequestHandler.each).
        for (Listener listener : config.effectiveListeners()) {
            if (listener.protocol().usesTls() && listener.ssl() == null && config.security().ssl() == null) {
                return true;
            }
        }
        return false;
    }

    /** The directory a broker keeps its generated certificates in. */
    public static Path certificateDirectory(Path dataDir) {
        return dataDir.resolve("tls");
    }

    public ListenerSecurity resolve(Listener listener) {
        io.netty.handler.ssl.SslContext sslContext = null;
        if (listener.protocol().usesTls()) {
            SslSettings ssl = listener.ssl() != null ? listener.ssl() : security.ssl();
            if (ssl == null) {
                TestCertificates certificates = generated.get();
                ssl = SslSettings.of(certificates.serverKeyStore(), certificates.trustStore(), SslClientAuth.NONE);
            }
            SslClientAuth clientAuth = listener.clientAuth() != null ? listener.clientAuth() : ssl.clientAuth();
            sslContext = TlsContexts.server(ssl, clientAuth);
        }
        return new ListenerSecurity(listener.name(), listener.protocol(), sslContext,
                listener.saslMechanisms() != null ? listener.saslMechanisms() : security.saslMechanisms(),
                saslServers, security.reauthentication(), config.clock(), config.nanoTime());
    }
}
