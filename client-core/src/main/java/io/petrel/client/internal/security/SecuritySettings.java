package io.petrel.client.internal.security;

import io.petrel.client.ConfigException;
import io.petrel.client.SecurityProtocol;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.security.sasl.SaslSettings;
import io.petrel.client.internal.security.tls.TlsSettings;

/**
 * How a client secures its connections: the security.protocol, with the TLS settings when it uses TLS and
 * the SASL settings when it uses SASL (null otherwise). Settings of a layer the protocol does not use are
 * ignored, as in kafka-clients.
 *
 * @param protocol security.protocol
 * @param tls      the ssl.* settings, or null
 * @param sasl     the sasl.* settings, or null
 */
public record SecuritySettings(SecurityProtocol protocol, TlsSettings tls, SaslSettings sasl) {
    /** No TLS, no SASL. */
    public static final SecuritySettings PLAINTEXT = new SecuritySettings(SecurityProtocol.PLAINTEXT, null, null);

    /**
     * Reads the security settings of a client's parsed configuration.
     *
     * @throws ConfigException for an unsupported mechanism or a bad combination of settings
     */
    public static SecuritySettings from(ConfigValues values) {
        SecurityProtocol protocol = SecurityProtocol.forName(values.get(CommonClientConfigs.SECURITY_PROTOCOL));
        return new SecuritySettings(protocol, protocol.usesTls() ? TlsSettings.from(values) : null,
                protocol.usesSasl() ? SaslSettings.from(values) : null);
    }
}
