package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.security.sasl.SaslAuthenticator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.SaslAuthenticateRequest;
import io.petrel.protocol.schemas.SaslAuthenticateResponse;

import java.util.concurrent.CompletableFuture;

/**
 * SaslAuthenticate (v0-2): one round of the mechanism's exchange, run by the connection's
 * {@link SaslAuthenticator}. The last round carries {@code session_lifetime_ms} (v1+) when the session must be
 * re-authenticated (KIP-368). A failure is SASL_AUTHENTICATION_FAILED with Kafka's message, then the
 * connection closes. On a listener without SASL, ILLEGAL_SASL_STATE.
 */
public final class SaslAuthenticateHandler implements RequestHandler {
    @Override
    public ApiKey api() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public Versions versions() {
        return ApiKey.SASL_AUTHENTICATE.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        SaslAuthenticator sasl = context.session().sasl();
        if (sasl == null) {
            return CompletableFuture.completedFuture(Response.of(SaslAuthenticateResponse.SCHEMA.newMessage()
                    .set(SaslAuthenticateResponse.ERROR_CODE, ErrorCode.ILLEGAL_SASL_STATE.code())
                    .set(SaslAuthenticateResponse.ERROR_MESSAGE, "SaslAuthenticate on listener "
                            + context.listenerName() + ", which does not use SASL")
                    .set(SaslAuthenticateResponse.AUTH_BYTES, new byte[0])));
        }
        SaslAuthenticator.AuthenticateResult result = sasl.authenticate(context.apiVersion(),
                request.get(SaslAuthenticateRequest.AUTH_BYTES));
        Message body = SaslAuthenticateResponse.SCHEMA.newMessage()
                .set(SaslAuthenticateResponse.ERROR_CODE, result.error().code())
                .set(SaslAuthenticateResponse.ERROR_MESSAGE, result.errorMessage())
                .set(SaslAuthenticateResponse.AUTH_BYTES, result.authBytes() == null ? new byte[0] : result.authBytes())
                .set(SaslAuthenticateResponse.SESSION_LIFETIME_MS, result.sessionLifetimeMs());
        return CompletableFuture.completedFuture(result.close() ? Response.ofThenClose(body) : Response.of(body));
    }
}
