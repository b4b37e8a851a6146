package io.petrel.interop.security;

import io.petrel.broker.tls.StoreType;
import io.petrel.testsupport.RealKafkaBroker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A real Apache Kafka 4.3.1 broker with every {@link SecurityMode} on one JVM: listeners SASL_SSL (PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512), SSL with client certificates required, SASL_PLAINTEXT, OAUTH (SASL_PLAINTEXT with
 * OAUTHBEARER and Kafka's unsecured JWS validator), WRONG_HOST (SSL with a certificate for another host name),
 * plus the PLAINTEXT client/inter-broker and CONTROLLER listeners of every {@link RealKafkaBroker}.
 *
 * <p>ACLs are on ({@code StandardAuthorizer}, nothing allowed without an ACL). Super users: {@link User#ADMIN} and
 * {@code User:ANONYMOUS}, which is who the PLAINTEXT listeners authenticate: the broker's own registration over
 * the PLAINTEXT controller listener needs it, and it leaves the PLAINTEXT listener as open as on an unsecured
 * broker. {@link User#ALICE} gets only what a test grants. PLAIN users are in the listeners' JAAS lines; SCRAM
 * credentials are added when the storage is formatted ({@code --add-scram}); mTLS principals are the
 * certificate's CN ({@code ssl.principal.mapping.rules}), so a user is the same principal in every mode.
 */
public final class SecuredRealKafka implements SecuredBroker, AutoCloseable {
    private static final String WRONG_HOST = "WRONG_HOST";
    /**
     * How long a broker that many classes share (this one, and {@code TunedRealKafka}) may take to start: three times
     * a single broker's default. Each test JVM of the module starts its own, the two at about the same time; on a
     * loaded machine two such starts took over 60 s, and a shared broker that fails to start fails every class of
     * its JVM.
     */
    public static final Duration SHARED_START_TIMEOUT = RealKafkaBroker.START_TIMEOUT.multipliedBy(3);
    /** The broker's {@code quota.window.num}. */
    public static final int QUOTA_WINDOW_SAMPLES = 3;
    private final RealKafkaBroker kafka;
    private final TlsFiles tls;

    private SecuredRealKafka(RealKafkaBroker kafka, TlsFiles tls) {
        this.kafka = kafka;
        this.tls = tls;
    }

    /** Starts the broker with certificates from {@code tls}. */
    public static SecuredRealKafka start(TlsFiles tls) {
        RealKafkaBroker.Builder setup = RealKafkaBroker.builder()
                .listener("SASL_SSL", "SASL_SSL")
                .listener("SSL", "SSL")
                .listener("SASL_PLAINTEXT", "SASL_PLAINTEXT")
                .listener("OAUTH", "SASL_PLAINTEXT")
                .listener(WRONG_HOST, "SSL")
                .properties(serverConfig(tls))
                // Quota rates over 3 samples of 1 s, not Kafka's default 11: a throttled client's rate then settles
                // within seconds, which ClientQuotasContract measures (broker-stub is set alike; the contract checks).
                .property("quota.window.num", Integer.toString(QUOTA_WINDOW_SAMPLES))
                .startTimeout(SHARED_START_TIMEOUT);
        for (User user : User.values()) {
            for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
                setup.formatArguments(List.of("--add-scram",
                        mechanism + "=[name=" + user.principal() + ",password=" + user.password() + "]"));
            }
        }
        return new SecuredRealKafka(setup.start(), tls);
    }

    /** The server.properties entries that secure the listeners. */
    static Map<String, String> serverConfig(TlsFiles tls) {
        Map<String, String> p = new LinkedHashMap<>();
        p.putAll(tls.serverKeyStore().kafkaProperties(StoreType.PKCS12));
        p.putAll(tls.trustStore().kafkaProperties(StoreType.PKCS12));
        p.put("listener.name.ssl.ssl.client.auth", "required");
        tls.wrongHostKeyStore().kafkaProperties(StoreType.PKCS12)
                .forEach((key, value) -> p.put("listener.name.wrong_host." + key, value));

        p.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        StringJoiner plainUsers = new StringJoiner(" ");
        for (User user : User.values()) {
            plainUsers.add("user_" + user.principal() + "=\"" + user.password() + "\"");
        }
        for (String listener : List.of("sasl_ssl", "sasl_plaintext")) {
            p.put("listener.name." + listener + ".plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required " + plainUsers + ";");
            for (String scram : List.of("scram-sha-256", "scram-sha-512")) {
                p.put("listener.name." + listener + "." + scram + ".sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
        }
        p.put("listener.name.oauth.sasl.enabled.mechanisms", "OAUTHBEARER");
        // Without a JWKS endpoint or validator class, Kafka validates unsecured (alg none) tokens: tests only.
        p.put("listener.name.oauth.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                        + "unsecuredLoginStringClaim_sub=\"" + User.ADMIN.principal() + "\";");

        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", User.ADMIN.kafkaPrincipal() + ";" + User.ADMIN.certificatePrincipal() + ";User:ANONYMOUS");
        return p;
    }

    @Override
    public String name() {
        return "Apache Kafka 4.3.1";
    }

    @Override
    public TlsFiles tls() {
        return tls;
    }

    @Override
    public String bootstrapServers(SecurityMode mode) {
        return kafka.bootstrapServers(mode.listener());
    }

    @Override
    public String plaintextBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String wrongHostBootstrapServers() {
        return kafka.bootstrapServers(WRONG_HOST);
    }

    /** The broker process, for its log and footprint. */
    public RealKafkaBroker broker() {
        return kafka;
    }

    @Override
    public void close() {
        kafka.close();
    }

    @Override
    public String toString() {
        return "SecuredRealKafka[" + kafka + "]";
    }
}
