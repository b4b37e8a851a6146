package io.petrel.client.internal.security.sasl;

import io.petrel.client.Time;
import io.petrel.client.internal.security.oauth.CachedTokenSource;

/**
 * Makes the {@link SaslMechanismClient} for each SASL exchange of one client's connections, and owns what
 * they share: the OAUTHBEARER token cache, closed with the client.
 */
public final class SaslClientFactory implements AutoCloseable {
    private final SaslSettings settings;
    private final CachedTokenSource tokens;

    public SaslClientFactory(SaslSettings settings, Time time) {
        this.settings = settings;
        this.tokens = settings.mechanism() == SaslMechanism.OAUTHBEARER ? settings.oauth().newTokenSource(time) : null;
    }

    public SaslMechanism mechanism() {
        return settings.mechanism();
    }

    /** A client for one new exchange. */
    public SaslMechanismClient newClient() {
        return switch (settings.mechanism()) {
            case PLAIN -> new PlainSaslClient(settings.username(), settings.password());
            case SCRAM_SHA_256, SCRAM_SHA_512 -> new ScramSaslClient(settings.mechanism(), settings.username(),
                    settings.password(), settings.scramExtensions());
            case OAUTHBEARER -> new OAuthBearerSaslClient(tokens.token(), settings.oauth().extensions());
        };
    }

    @Override
    public void close() {
        if (tokens != null) {
            tokens.close();
        }
    }
}
