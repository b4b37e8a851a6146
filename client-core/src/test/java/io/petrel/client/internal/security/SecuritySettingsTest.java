package io.petrel.client.internal.security;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;
import io.petrel.client.SecurityProtocol;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SecurityConfigs;
import io.petrel.client.internal.security.sasl.SaslMechanism;
import io.petrel.client.internal.security.tls.KeyStoreSource;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecuritySettingsTest {
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"alice\" password=\"hunter2\";";

    private static Map<String, Object> settings(Object... pairs) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put((String) pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    private static SecuritySettings parse(Object... pairs) {
        return SecuritySettings.from(CommonClientConfigs.SPEC.parse(settings(pairs)));
    }

    private static ConfigException rejects(Object... pairs) {
        return assertThrows(ConfigException.class, () -> parse(pairs));
    }

    @Test
    void everySecurityKeyHasKafkaClientsNameTypeAndDefault() {
        ConfigDef kafka = org.apache.kafka.clients.producer.ProducerConfig.configDef();
        for (ConfigKey<?> key : SecurityConfigs.SPEC.keys()) {
            if (key == SecurityConfigs.SASL_OAUTHBEARER_TOKEN_PROVIDER_CLASS) {
                continue; // Petrel's own
            }
            ConfigDef.ConfigKey theirs = kafka.configKeys().get(key.name());
            assertTrue(theirs != null, key.name() + " is not a kafka-clients key");
            Object expected = theirs.defaultValue;
            Object ours = key.defaultValue();
            if (expected instanceof Number n) {
                assertEquals(n.doubleValue(), ((Number) ours).doubleValue(), key.name());
            } else {
                assertEquals(expected, ours, key.name());
            }
            if (theirs.type == ConfigDef.Type.PASSWORD) {
                assertEquals(io.petrel.client.internal.config.ConfigType.PASSWORD, key.type(), key.name());
            }
        }
    }

    @Test
    void secretsPrintAsHiddenInConfigValuesAndErrors() {
        ConfigValues values = CommonClientConfigs.SPEC.parse(settings("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", PLAIN_JAAS, "ssl.truststore.password", "trust-pw",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----k3y-material-----END PRIVATE KEY-----",
                "ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----c-----END CERTIFICATE-----"));
        String dump = values.toString();
        assertFalse(dump.contains("hunter2") || dump.contains("trust-pw") || dump.contains("k3y-material"), dump);
        assertTrue(dump.contains(Password.HIDDEN), dump);
        assertEquals(PLAIN_JAAS, values.get(SecurityConfigs.SASL_JAAS_CONFIG).value());

        SecuritySettings security = SecuritySettings.from(values);
        assertFalse(security.toString().contains("hunter2"), security.toString());

        ConfigException e = assertThrows(ConfigException.class, () -> CommonClientConfigs.SPEC.parse(
                settings("ssl.key.password", 12345)));
        assertTrue(e.getMessage().contains("[hidden]") && !e.getMessage().contains("12345"), e.getMessage());
    }

    @Test
    void plaintextIgnoresTlsAndSaslSettings() {
        SecuritySettings security = parse("sasl.jaas.config", "not even jaas", "ssl.keystore.location", "/nowhere");
        assertEquals(SecurityProtocol.PLAINTEXT, security.protocol());
        assertNull(security.tls());
        assertNull(security.sasl());
    }

    @Test
    void saslPlainAndScramReadTheirCredentials() {
        SecuritySettings plain = parse("security.protocol", "sasl_ssl", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                PLAIN_JAAS);
        assertEquals(SecurityProtocol.SASL_SSL, plain.protocol());
        assertEquals(SaslMechanism.PLAIN, plain.sasl().mechanism());
        assertEquals("alice", plain.sasl().username());
        assertEquals("hunter2", plain.sasl().password().value());
        assertEquals("TLSv1.3", plain.tls().protocol());

        SecuritySettings scram = parse("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username='bob' "
                        + "password='pw' tokenauth='true';");
        assertEquals(SaslMechanism.SCRAM_SHA_512, scram.sasl().mechanism());
        assertEquals(Map.of("tokenauth", "true"), scram.sasl().scramExtensions());
        assertNull(scram.tls());
    }

    @Test
    void withoutSaslJaasConfigTheJvmsJaasFileIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("kafka_client_jaas.conf");
        java.nio.file.Files.writeString(file, """
                Server { com.example.Other required; };
                KafkaClient {
                    org.apache.kafka.common.security.scram.ScramLoginModule required
                    username="carol"
                    password="carol-secret";
                };
                """);
        String before = System.getProperty("java.security.auth.login.config");
        System.setProperty("java.security.auth.login.config", file.toString());
        try {
            SecuritySettings scram = parse("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256");
            assertEquals("carol", scram.sasl().username());
            assertEquals("carol-secret", scram.sasl().password().value());
            // sasl.jaas.config, when set, wins, as in Kafka.
            assertEquals("alice", parse("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    PLAIN_JAAS).sasl().username());
        } finally {
            if (before == null) {
                System.clearProperty("java.security.auth.login.config");
            } else {
                System.setProperty("java.security.auth.login.config", before);
            }
        }
    }

    @Test
    void gssapiKafkasDefaultIsRefusedNamingWhatWorks() {
        ConfigException e = rejects("security.protocol", "SASL_SSL");
        assertTrue(e.getMessage().contains("GSSAPI") && e.getMessage().contains("Kerberos")
                && e.getMessage().contains("SCRAM-SHA-512"), e.getMessage());
        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "AWS_MSK_IAM");
        assertTrue(e.getMessage().contains("AWS_MSK_IAM"), e.getMessage());
    }

    @Test
    void theLoginModuleMustMatchTheMechanismAndHoldCredentials() {
        ConfigException e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", PLAIN_JAAS);
        assertTrue(e.getMessage().contains("ScramLoginModule") && e.getMessage().contains("PlainLoginModule"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());

        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\";");
        assertTrue(e.getMessage().contains("password"), e.getMessage());

        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN");
        assertTrue(e.getMessage().contains("sasl.jaas.config"), e.getMessage());
    }

    @Test
    void oauthBearerNeedsATokenSource() {
        String module = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required";
        ConfigException e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER",
                "sasl.jaas.config", module + ";");
        assertTrue(e.getMessage().contains("sasl.oauthbearer.token.endpoint.url"), e.getMessage());

        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER", "sasl.jaas.config",
                module + " clientId=\"app\";", "sasl.oauthbearer.token.endpoint.url", "https://idp.example/token");
        assertTrue(e.getMessage().contains("secret"), e.getMessage());

        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER", "sasl.jaas.config",
                module + " unsecuredLoginStringClaim_user=\"alice\";");
        assertTrue(e.getMessage().contains("unsecuredLoginStringClaim_sub"), e.getMessage());

        e = rejects("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER", "sasl.jaas.config", module + ";",
                "sasl.login.callback.handler.class", "com.example.MyHandler");
        assertTrue(e.getMessage().contains("sasl.oauthbearer.token.provider.class"), e.getMessage());

        SecuritySettings oidc = parse("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER",
                "sasl.jaas.config", module + " clientId=\"app\" clientSecret=\"s3cret\" extension_logicalCluster=\"lkc-1\";",
                "sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
                "sasl.oauthbearer.token.endpoint.url", "https://idp.example/token");
        assertEquals(Map.of("logicalCluster", "lkc-1"), oidc.sasl().oauth().extensions());
        assertFalse(oidc.toString().contains("s3cret"), oidc.toString());
    }

    @Test
    void tlsStoresAreReadAsKafkaReadsThem() {
        SecuritySettings files = parse("security.protocol", "SSL", "ssl.truststore.location", "/t.p12",
                "ssl.truststore.type", "pkcs12", "ssl.keystore.location", "/k.jks", "ssl.keystore.password", "pw");
        KeyStoreSource.StoreFile trust = assertInstanceOf(KeyStoreSource.StoreFile.class, files.tls().truststore());
        assertEquals("PKCS12", trust.type());
        assertNull(trust.password());
        assertEquals("JKS", ((KeyStoreSource.StoreFile) files.tls().keystore()).type());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), files.tls().enabledProtocols());
        assertTrue(files.tls().verifiesHostName());

        SecuritySettings inline = parse("security.protocol", "SSL", "ssl.keystore.key", "k", "ssl.keystore.certificate.chain",
                "c", "ssl.truststore.certificates", "t", "ssl.endpoint.identification.algorithm", "");
        assertInstanceOf(KeyStoreSource.InlinePem.class, inline.tls().keystore());
        assertInstanceOf(KeyStoreSource.InlinePem.class, inline.tls().truststore());
        assertFalse(inline.tls().verifiesHostName());
    }

    @Test
    void tlsCombinationsKafkaRefusesAreRefused() {
        assertTrue(rejects("security.protocol", "SSL", "ssl.keystore.key", "k").getMessage()
                .contains("must be set together"));
        assertTrue(rejects("security.protocol", "SSL", "ssl.keystore.key", "k", "ssl.keystore.certificate.chain", "c",
                "ssl.keystore.location", "/k.pem").getMessage().contains("not both"));
        assertTrue(rejects("security.protocol", "SSL", "ssl.keystore.key", "k", "ssl.keystore.certificate.chain", "c",
                "ssl.keystore.type", "JKS").getMessage().contains("set it to PEM"));
        assertTrue(rejects("security.protocol", "SSL", "ssl.keystore.location", "/k.p12").getMessage()
                .contains("ssl.keystore.password is not"));
        assertTrue(rejects("security.protocol", "SSL", "ssl.keystore.location", "/k.pem", "ssl.keystore.type", "PEM",
                "ssl.keystore.password", "pw").getMessage().contains("cannot be used with ssl.keystore.type=PEM"));
        assertTrue(rejects("security.protocol", "SSL", "ssl.truststore.certificates", "t", "ssl.truststore.password",
                "pw").getMessage().contains("ssl.truststore.password cannot be used"));
    }
}
