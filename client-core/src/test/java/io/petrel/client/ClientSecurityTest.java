package io.petrel.client;

import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.security.SecuritySettings;
import io.petrel.client.internal.security.tls.KeyStoreSource;
import io.petrel.client.internal.security.sasl.SaslMechanism;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed settings become the Kafka keys a client.properties would hold, and read back to the same values. */
class ClientSecurityTest {
    private static SecuritySettings read(ClientSecurity security) {
        Map<String, Object> raw = new HashMap<>(security.settings());
        raw.put("bootstrap.servers", "broker:9093");
        return SecuritySettings.from(CommonClientConfigs.SPEC.parse(raw));
    }

    @Test
    void scramCredentialsWithQuotesAndBackslashesSurviveTheJaasText() {
        String password = "p\"a\\ss'w;rd=";
        SecuritySettings settings = read(ClientSecurity.saslTls().scramSha512("al\"ice", password));
        assertEquals(SecurityProtocol.SASL_SSL, settings.protocol());
        assertEquals(SaslMechanism.SCRAM_SHA_512, settings.sasl().mechanism());
        assertEquals("al\"ice", settings.sasl().username());
        assertEquals(password, settings.sasl().password().value());
    }

    @Test
    void storesTakeTheirTypeFromTheFileName() {
        SecuritySettings settings = read(ClientSecurity.tls()
                .trustStore(Path.of("/etc/kafka/ca.pem"), null)
                .keyStore(Path.of("/etc/kafka/client.jks"), "store-pw", null)
                .hostNameVerification(false));
        KeyStoreSource.StoreFile trust = assertInstanceOf(KeyStoreSource.StoreFile.class, settings.tls().truststore());
        assertEquals("PEM", trust.type());
        KeyStoreSource.StoreFile keys = assertInstanceOf(KeyStoreSource.StoreFile.class, settings.tls().keystore());
        assertEquals("JKS", keys.type());
        assertEquals("store-pw", keys.password().value());
        assertFalse(settings.tls().verifiesHostName());
        assertEquals("PKCS12", ((KeyStoreSource.StoreFile) read(ClientSecurity.tls()
                .trustStore(Path.of("truststore.p12"), "pw")).tls().truststore()).type());
    }

    @Test
    void oauthWithAProviderOrClientCredentials() {
        OAuthBearerTokenProvider provider = () -> new OAuthBearerToken("t", Long.MAX_VALUE, "alice", null);
        ClientSecurity plugged = ClientSecurity.saslTls().oauthBearer(provider);
        assertSame(provider, plugged.settings().get("sasl.oauthbearer.token.provider.class"));
        assertEquals(SaslMechanism.OAUTHBEARER, read(plugged).sasl().mechanism());

        SecuritySettings oidc = read(ClientSecurity.saslTls().oauthBearerClientCredentials(
                URI.create("https://idp.example/token"), "app", "app-secret", "kafka"));
        assertTrue(oidc.sasl().oauth().toString().contains("https://idp.example/token"), oidc.sasl().oauth().toString());
    }

    @Test
    void secretsNeverShowInItsToString() {
        ClientSecurity security = ClientSecurity.saslTls().plain("alice", "hunter2")
                .trustedCertificatesPem("-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----")
                .keyPem("chain", "-----BEGIN PRIVATE KEY-----k3y-----END PRIVATE KEY-----", "key-pw");
        String text = security.toString();
        assertFalse(text.contains("hunter2") || text.contains("k3y") || text.contains("key-pw"), text);
        assertTrue(text.contains("SASL_SSL") && text.contains(Password.HIDDEN), text);
    }
}
