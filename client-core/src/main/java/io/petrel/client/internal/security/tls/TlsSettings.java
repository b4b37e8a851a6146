package io.petrel.client.internal.security.tls;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SecurityConfigs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The TLS settings of a client (Kafka's {@code ssl.*} keys), checked for the combinations Kafka refuses:
 * a PEM key without its chain, a file and inline PEM for the same store, a password on a PEM store.
 * Files are not read here; {@link SslContextFactory} loads them.
 *
 * @param protocol                  ssl.protocol, for SSLContext.getInstance
 * @param provider                  ssl.provider, or null
 * @param enabledProtocols          ssl.enabled.protocols
 * @param cipherSuites              ssl.cipher.suites; empty for the engine's defaults
 * @param endpointIdentification    ssl.endpoint.identification.algorithm; empty for no host name check
 * @param keystore                  the client's key and certificate (mutual TLS), or null
 * @param keyPassword               ssl.key.password, or null
 * @param truststore                the trusted certificates, or null for the JDK's default trust
 * @param keyManagerAlgorithm       ssl.keymanager.algorithm
 * @param trustManagerAlgorithm     ssl.trustmanager.algorithm
 * @param secureRandomAlgorithm     ssl.secure.random.implementation, or null
 */
public record TlsSettings(String protocol, String provider, List<String> enabledProtocols, List<String> cipherSuites,
                          String endpointIdentification, KeyStoreSource keystore, Password keyPassword,
                          KeyStoreSource truststore, String keyManagerAlgorithm, String trustManagerAlgorithm,
                          String secureRandomAlgorithm) {
    static final String PEM = "PEM";

    public TlsSettings {
        enabledProtocols = List.copyOf(enabledProtocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** Whether the broker's certificate must name the host connected to. */
    public boolean verifiesHostName() {
        return !endpointIdentification.isEmpty();
    }

    /**
     * Reads the ssl.* settings.
     *
     * @throws ConfigException for a combination Kafka refuses, naming the keys
     */
    public static TlsSettings from(ConfigValues values) {
        return new TlsSettings(values.get(SecurityConfigs.SSL_PROTOCOL), values.get(SecurityConfigs.SSL_PROVIDER),
                values.get(SecurityConfigs.SSL_ENABLED_PROTOCOLS), values.get(SecurityConfigs.SSL_CIPHER_SUITES),
                values.get(SecurityConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM),
                keystore(values), values.get(SecurityConfigs.SSL_KEY_PASSWORD), truststore(values),
                values.get(SecurityConfigs.SSL_KEYMANAGER_ALGORITHM), values.get(SecurityConfigs.SSL_TRUSTMANAGER_ALGORITHM),
                values.get(SecurityConfigs.SSL_SECURE_RANDOM_IMPLEMENTATION));
    }

    private static KeyStoreSource keystore(ConfigValues values) {
        String type = type(values, SecurityConfigs.SSL_KEYSTORE_TYPE);
        String location = values.get(SecurityConfigs.SSL_KEYSTORE_LOCATION);
        Password password = values.get(SecurityConfigs.SSL_KEYSTORE_PASSWORD);
        Password key = values.get(SecurityConfigs.SSL_KEYSTORE_KEY);
        Password chain = values.get(SecurityConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN);
        if (key != null || chain != null) {
            requirePemType(values, SecurityConfigs.SSL_KEYSTORE_TYPE, type, "ssl.keystore.key and ssl.keystore.certificate.chain");
            if (key == null || chain == null) {
                throw new ConfigException("ssl.keystore.key and ssl.keystore.certificate.chain must be set together; only "
                        + (key == null ? "ssl.keystore.certificate.chain" : "ssl.keystore.key") + " is set");
            }
            if (location != null) {
                throw new ConfigException("Set either ssl.keystore.location or ssl.keystore.key with "
                        + "ssl.keystore.certificate.chain, not both");
            }
            if (password != null) {
                throw new ConfigException("ssl.keystore.password cannot be used with PEM keys; set ssl.key.password to "
                        + "decrypt an encrypted key");
            }
            return new KeyStoreSource.InlinePem(chain, key);
        }
        if (location == null) {
            return null;
        }
        if (PEM.equals(type) && password != null) {
            throw new ConfigException("ssl.keystore.password cannot be used with ssl.keystore.type=PEM; set ssl.key.password"
                    + " to decrypt an encrypted key");
        }
        if (!PEM.equals(type) && password == null) {
            throw new ConfigException("ssl.keystore.location is set (" + location + ") but ssl.keystore.password is not");
        }
        return new KeyStoreSource.StoreFile(type, Path.of(location), password);
    }

    private static KeyStoreSource truststore(ConfigValues values) {
        String type = type(values, SecurityConfigs.SSL_TRUSTSTORE_TYPE);
        String location = values.get(SecurityConfigs.SSL_TRUSTSTORE_LOCATION);
        Password password = values.get(SecurityConfigs.SSL_TRUSTSTORE_PASSWORD);
        Password certificates = values.get(SecurityConfigs.SSL_TRUSTSTORE_CERTIFICATES);
        if (certificates != null) {
            requirePemType(values, SecurityConfigs.SSL_TRUSTSTORE_TYPE, type, "ssl.truststore.certificates");
            if (location != null) {
                throw new ConfigException("Set either ssl.truststore.location or ssl.truststore.certificates, not both");
            }
            if (password != null) {
                throw new ConfigException("ssl.truststore.password cannot be used with ssl.truststore.certificates (PEM)");
            }
            return new KeyStoreSource.InlinePem(certificates, null);
        }
        if (location == null) {
            return null;
        }
        if (PEM.equals(type) && password != null) {
            throw new ConfigException("ssl.truststore.password cannot be used with ssl.truststore.type=PEM");
        }
        return new KeyStoreSource.StoreFile(type, Path.of(location), password);
    }

    private static String type(ConfigValues values, ConfigKey<String> key) {
        return values.get(key).toUpperCase(Locale.ROOT);
    }

    /** Inline PEM needs type PEM; a type left at its default (JKS) is taken to mean PEM, as nothing else fits. */
    private static void requirePemType(ConfigValues values, ConfigKey<String> typeKey, String type, String what) {
        if (!PEM.equals(type) && values.isSet(typeKey)) {
            throw new ConfigException(what + " hold PEM text, but " + typeKey.name() + " is " + type
                    + "; set it to PEM or leave it out");
        }
    }
}
