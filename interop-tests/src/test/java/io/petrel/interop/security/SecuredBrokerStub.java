package io.petrel.interop.security;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SecurityProtocol;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.security.SslSettings;

import java.nio.file.Path;
import java.util.Set;

/**
 * broker-stub in this JVM with the listeners of {@link SecuredRealKafka}, the same names, certificates and users:
 * SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), SSL with client certificates required, SASL_PLAINTEXT (PLAIN,
 * SCRAM), OAUTH (SASL_PLAINTEXT with OAUTHBEARER and Kafka's unsecured-JWS rules), WRONG_HOST (SSL with a
 * certificate for another host name) and PLAINTEXT. The super users are Kafka's: {@link User#ADMIN} by SASL name
 * and by certificate, and {@code User:ANONYMOUS} (the PLAINTEXT listener).
 */
public final class SecuredBrokerStub implements SecuredBroker, AutoCloseable {
    private static final String WRONG_HOST = "WRONG_HOST";
    private final Broker broker;
    private final TlsFiles tls;

    private SecuredBrokerStub(Broker broker, TlsFiles tls) {
        this.broker = broker;
        this.tls = tls;
    }

    /** Starts the broker with certificates from {@code tls} and its log under {@code dataDir}. */
    public static SecuredBrokerStub start(TlsFiles tls, Path dataDir) {
        Set<SaslMechanism> passwords = Set.of(SaslMechanism.PLAIN, SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_512);
        BrokerConfig.Builder config = BrokerConfig.builder()
                .dataDir(dataDir)
                .listener(Listener.of("SASL_SSL", SecurityProtocol.SASL_SSL, 0).withSaslMechanisms(passwords))
                .listener(Listener.of("SSL", SecurityProtocol.SSL, 0).withClientAuth(SslClientAuth.REQUIRED))
                .listener(Listener.of("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT, 0).withSaslMechanisms(passwords))
                .listener(Listener.of("OAUTH", SecurityProtocol.SASL_PLAINTEXT, 0)
                        .withSaslMechanisms(Set.of(SaslMechanism.OAUTHBEARER)))
                .listener(Listener.of(WRONG_HOST, SecurityProtocol.SSL, 0)
                        .withSsl(SslSettings.of(tls.wrongHostKeyStore(), tls.trustStore(), SslClientAuth.NONE)))
                .listener(Listener.of("PLAINTEXT", SecurityProtocol.PLAINTEXT, 0))
                .ssl(SslSettings.of(tls.serverKeyStore(), tls.trustStore(), SslClientAuth.NONE))
                .saslMechanisms(SaslMechanism.values())
                .authorizer(User.ADMIN.kafkaPrincipal(), User.ADMIN.certificatePrincipal(), "User:ANONYMOUS");
        for (User user : User.values()) {
            config.user(user.principal(), user.password());
        }
        return new SecuredBrokerStub(Broker.start(config.build()), tls);
    }

    @Override
    public String name() {
        return "broker-stub";
    }

    @Override
    public TlsFiles tls() {
        return tls;
    }

    @Override
    public String bootstrapServers(SecurityMode mode) {
        return broker.bootstrapServers(mode.listener());
    }

    @Override
    public String plaintextBootstrapServers() {
        return broker.bootstrapServers("PLAINTEXT");
    }

    @Override
    public String wrongHostBootstrapServers() {
        return broker.bootstrapServers(WRONG_HOST);
    }

    @Override
    public void close() {
        broker.close();
    }

    @Override
    public String toString() {
        return "SecuredBrokerStub[" + broker.bootstrapServers() + "]";
    }
}
