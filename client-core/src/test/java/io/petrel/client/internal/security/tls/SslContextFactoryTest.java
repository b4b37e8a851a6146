package io.petrel.client.internal.security.tls;

import io.petrel.broker.tls.KeyStoreFiles;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import io.petrel.client.ConfigException;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.security.SecuritySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading key material as Kafka does: JKS, PKCS12 and PEM files, inline PEM, encrypted PKCS#8 keys. */
class SslContextFactoryTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static KeyStoreFiles alice;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.generate(dir);
        alice = certs.clientKeyStore("alice");
    }

    private static TlsSettings tls(Map<String, String> pairs) {
        Map<String, Object> raw = new HashMap<>(pairs);
        raw.put("bootstrap.servers", "localhost:9092");
        raw.put("security.protocol", "SSL");
        return SecuritySettings.from(CommonClientConfigs.SPEC.parse(raw)).tls();
    }

    private static PrivateKey aliceKey() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(alice.pkcs12())) {
            store.load(in, alice.password().toCharArray());
        }
        return (PrivateKey) store.getKey(store.aliases().nextElement(), alice.password().toCharArray());
    }

    @ParameterizedTest
    @EnumSource(StoreType.class)
    void keyAndTrustStoresOfEachType(StoreType type) throws Exception {
        Map<String, String> settings = new HashMap<>(alice.kafkaProperties(type));
        settings.putAll(certs.trustStore().kafkaProperties(type));
        TlsSettings tls = tls(settings);
        StoreLoader.LoadedKeyStore keys = StoreLoader.keyStore(tls.keystore(), tls.keyPassword());
        String alias = keys.store().aliases().nextElement();
        assertEquals(aliceKey(), keys.store().getKey(alias, keys.keyPassword()));
        assertEquals(2, keys.store().getCertificateChain(alias).length);
        KeyStore trust = StoreLoader.trustStore(tls.truststore());
        assertTrue(java.util.Collections.list(trust.aliases()).stream().anyMatch(a -> {
            try {
                return certs.authority().certificate().equals(trust.getCertificate(a));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        SslContextFactory.create(tls);
    }

    @Test
    void inlinePemWithAnEncryptedKey() throws Exception {
        Map<String, String> settings = new HashMap<>(alice.kafkaInlinePemProperties());
        settings.put("ssl.truststore.certificates", certs.authority().certificatePem());
        TlsSettings tls = tls(settings);
        StoreLoader.LoadedKeyStore keys = StoreLoader.keyStore(tls.keystore(), tls.keyPassword());
        assertEquals(aliceKey(), keys.store().getKey(keys.store().aliases().nextElement(), keys.keyPassword()));
    }

    @Test
    void aPbes2EncryptedKeyAsOpensslWritesItIsDecrypted() throws Exception {
        PrivateKey key = aliceKey();
        String pem = pbes2(key, "pbes2-secret".toCharArray());
        PrivateKey read = new PemText(pem, "test").privateKey(new io.petrel.client.Password("pbes2-secret"));
        assertArrayEquals(key.getEncoded(), read.getEncoded());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new PemText(pem, "ssl.keystore.key").privateKey(new io.petrel.client.Password("not-it-9")));
        assertTrue(e.getMessage().contains("could not be decrypted") && e.getMessage().contains("ssl.keystore.key"),
                e.getMessage());
        assertFalse(e.getMessage().contains("not-it-9"), e.getMessage());
    }

    @Test
    void anEncryptedKeyWithoutKeyPasswordAndPkcs1KeysAreRefusedWithTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> new PemText(Files.readString(
                alice.encryptedPrivateKey()), "ssl.keystore.key").privateKey(null));
        assertTrue(e.getMessage().contains("ssl.key.password is not set"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new PemText(
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "k.pem").privateKey(null));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new PemText("no pem here", "t.pem").certificates());
        assertTrue(e.getMessage().contains("No PEM certificate") && e.getMessage().contains("t.pem"), e.getMessage());
    }

    @Test
    void aWrongStorePasswordOrMissingFileNamesTheFileNotThePassword() {
        Map<String, String> settings = new HashMap<>(alice.kafkaProperties(StoreType.JKS));
        settings.put("ssl.keystore.password", "wrong-password");
        ConfigException e = assertThrows(ConfigException.class, () -> SslContextFactory.create(tls(settings)));
        assertTrue(e.getMessage().contains(alice.jks().toString()) && e.getMessage().contains("password"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());

        Map<String, String> missing = Map.of("ssl.truststore.location", dir.resolve("nope.p12").toString(),
                "ssl.truststore.type", "PKCS12");
        e = assertThrows(ConfigException.class, () -> SslContextFactory.create(tls(missing)));
        assertTrue(e.getMessage().contains("nope.p12") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void enginesGetTheProtocolsCiphersAndHostNameCheck() {
        SslContextFactory factory = SslContextFactory.create(tls(Map.of("ssl.enabled.protocols", "TLSv1.2",
                "ssl.cipher.suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")));
        SSLEngine engine = factory.newEngine("broker.example", 9093);
        assertTrue(engine.getUseClientMode());
        assertEquals("broker.example", engine.getPeerHost());
        assertArrayEquals(new String[]{"TLSv1.2"}, engine.getEnabledProtocols());
        assertArrayEquals(new String[]{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, engine.getEnabledCipherSuites());
        assertEquals("https", engine.getSSLParameters().getEndpointIdentificationAlgorithm());

        SSLEngine unchecked = SslContextFactory.create(tls(Map.of("ssl.endpoint.identification.algorithm", "")))
                .newEngine("broker.example", 9093);
        assertEquals(null, unchecked.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(unchecked.getEnabledProtocols()));
    }

    @Test
    void unknownProtocolsAndCiphersAreConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SslContextFactory.create(tls(Map.of("ssl.enabled.protocols", "TLSv9"))));
        assertTrue(e.getMessage().contains("ssl.enabled.protocols") && e.getMessage().contains("TLSv9"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> SslContextFactory.create(tls(Map.of("ssl.cipher.suites", "NOT_A_SUITE"))));
        assertTrue(e.getMessage().contains("ssl.cipher.suites"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> SslContextFactory.create(tls(Map.of("ssl.protocol", "TLSv0"))));
        assertTrue(e.getMessage().contains("ssl.protocol"), e.getMessage());
    }

    /** A PKCS#8 key encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the form openssl pkcs8 -topk8 writes. */
    private static String pbes2(PrivateKey key, char[] password) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        new java.security.SecureRandom().nextBytes(iv);
        PBEParameterSpec spec = new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                spec);
        byte[] encrypted = cipher.doFinal(key.getEncoded());
        AlgorithmParameters parameters = cipher.getParameters();
        // EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { OID pbes2, PBES2-params }, OCTET STRING }; Java 17 cannot
        // write it from the parameters (it knows no OID for their name), so it is assembled here.
        byte[] pbes2Oid = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x05, 0x0D};
        byte[] der = der(0x30, concat(der(0x30, concat(pbes2Oid, parameters.getEncoded())),
                der(0x04, encrypted)));
        new EncryptedPrivateKeyInfo(der); // the JDK reads it back
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    private static byte[] der(int tag, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
