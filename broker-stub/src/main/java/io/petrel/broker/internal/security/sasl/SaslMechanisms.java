package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.OAuthBearerValidator;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;

import java.util.Map;
import java.util.Objects;

/** Makes the server side of each SASL mechanism, all checking the same users and token validator. */
public final class SaslMechanisms {
    private final Map<String, SaslUser> users;
    private final ScramCredentialStore scramCredentials;
    private final OAuthBearerValidator oauthBearerValidator;

    /** Mechanisms checking the configured {@code users} only (SCRAM credentials not alterable at run time). */
    public SaslMechanisms(Map<String, SaslUser> users, OAuthBearerValidator oauthBearerValidator) {
        this(users, ScramCredentialStore.inMemory(users), oauthBearerValidator);
    }

    /** PLAIN checks {@code users}, SCRAM the {@code scramCredentials} (which AlterUserScramCredentials changes). */
    public SaslMechanisms(Map<String, SaslUser> users, ScramCredentialStore scramCredentials,
                          OAuthBearerValidator oauthBearerValidator) {
        this.users = Map.copyOf(users);
        this.scramCredentials = Objects.requireNonNull(scramCredentials, "scramCredentials");
        this.oauthBearerValidator = Objects.requireNonNull(oauthBearerValidator, "oauthBearerValidator");
    }

    /** A fresh server for one exchange of {@code mechanism}. */
    public SaslServerMechanism newServer(SaslMechanism mechanism) {
        return switch (mechanism) {
            case PLAIN -> new PlainServer(users);
            case SCRAM_SHA_256, SCRAM_SHA_512 -> new ScramServer(mechanism, scramCredentials);
            case OAUTHBEARER -> new OAuthBearerServer(oauthBearerValidator);
        };
    }
}
