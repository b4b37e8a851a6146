package io.petrel.client.internal.network;

import io.petrel.client.Time;
import io.petrel.client.internal.security.SecuritySettings;
import io.petrel.client.internal.security.sasl.SaslClientFactory;
import io.petrel.client.internal.security.tls.SslContextFactory;

/**
 * What one client's connections need to secure themselves, built once when the client starts: the TLS
 * engine factory when security.protocol uses TLS, the SASL client factory when it uses SASL (null
 * otherwise). Building it reads key stores and checks the settings, so errors surface as ConfigExceptions
 * from the client's constructor.
 */
record ConnectionSecurity(SslContextFactory tls, SaslClientFactory sasl) implements AutoCloseable {
    static final ConnectionSecurity NONE = new ConnectionSecurity(null, null);

    static ConnectionSecurity create(SecuritySettings settings, Time time) {
        SslContextFactory tls = settings.tls() == null ? null : SslContextFactory.create(settings.tls());
        SaslClientFactory sasl = settings.sasl() == null ? null : new SaslClientFactory(settings.sasl(), time);
        return new ConnectionSecurity(tls, sasl);
    }

    @Override
    public void close() {
        if (sasl != null) {
            sasl.close();
        }
    }
}
