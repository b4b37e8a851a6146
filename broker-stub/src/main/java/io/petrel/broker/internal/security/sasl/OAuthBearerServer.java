package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.OAuthBearerToken;
import io.petrel.broker.security.OAuthBearerValidationException;
import io.petrel.broker.security.OAuthBearerValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SASL/OAUTHBEARER (RFC 7628), server side. The client's one message is
 * {@code n,[a=authzid],^Aauth=Bearer <token>^A[key=value^A]*^A}; the token goes to the {@link OAuthBearerValidator}.
 * A refused token is answered, as RFC 7628 and Kafka do, with the error challenge {@code {"status":"invalid_token"}};
 * the client acknowledges with a lone {@code ^A} and the exchange fails with that JSON as the message (Kafka's
 * behaviour; the reason itself goes to the broker's log, the token never does).
 */
final class OAuthBearerServer implements SaslServerMechanism {
    private static final Logger log = LoggerFactory.getLogger(OAuthBearerServer.class);
    private static final String INVALID_TOKEN = "{\"status\":\"invalid_token\"}";
    private static final Pattern INITIAL = Pattern.compile(
            "n,(?:a=(?<authzid>[^,]*))?,\u0001(?<pairs>(?:[A-Za-z]+=[^\u0001]*\u0001)*)\u0001", Pattern.DOTALL);
    private static final Pattern BEARER = Pattern.compile("[ ]*Bearer[ ]+(?<token>[-_.a-zA-Z0-9]+)[ ]*");

    private final OAuthBearerValidator validator;
    private boolean errorSent;
    private OAuthBearerToken token;

    OAuthBearerServer(OAuthBearerValidator validator) {
        this.validator = validator;
    }

    @Override
    public byte[] evaluate(byte[] response) throws SaslFailure {
        if (errorSent) {
            if (response.length == 1 && response[0] == 0x01) {
                throw SaslFailure.toClient(INVALID_TOKEN);
            }
            throw SaslFailure.logOnly("OAUTHBEARER client did not acknowledge the error challenge with ^A");
        }
        if (token != null) {
            throw SaslFailure.logOnly("OAUTHBEARER got a response after it completed");
        }
        Matcher m = INITIAL.matcher(new String(response, StandardCharsets.UTF_8));
        if (!m.matches()) {
            throw SaslFailure.logOnly("Invalid OAUTHBEARER client initial response");
        }
        String compactToken = bearerToken(m.group("pairs"));
        try {
            OAuthBearerToken validated = validator.validate(compactToken);
            String authzid = m.group("authzid");
            if (authzid != null && !authzid.isEmpty() && !authzid.equals(validated.principalName())) {
                throw SaslFailure.toClient("Authentication failed: Client requested an authorization id ("
                        + authzid + ") that is different from the token's principal name (" + validated.principalName() + ")");
            }
            token = validated;
            return new byte[0];
        } catch (OAuthBearerValidationException e) {
            log.info("OAUTHBEARER token refused: {}", e.getMessage());
            errorSent = true;
            return INVALID_TOKEN.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String bearerToken(String pairs) throws SaslFailure {
        for (String pair : pairs.split("\u0001")) {
            if (pair.startsWith("auth=")) {
                Matcher bearer = BEARER.matcher(pair.substring(5));
                if (!bearer.matches()) {
                    throw SaslFailure.logOnly("OAUTHBEARER auth value is not 'Bearer <token>'");
                }
                return bearer.group("token");
            }
        }
        throw SaslFailure.logOnly("OAUTHBEARER client initial response has no auth=Bearer token");
    }

    @Override
    public boolean isComplete() {
        return token != null;
    }

    @Override
    public String authorizationId() {
        return token.principalName();
    }

    @Override
    public Instant credentialExpiry() {
        return token == null ? null : token.expiresAt();
    }
}
