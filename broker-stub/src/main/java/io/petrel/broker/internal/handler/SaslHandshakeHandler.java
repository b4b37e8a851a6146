package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.security.sasl.SaslAuthenticator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.SaslHandshakeRequest;
import io.petrel.protocol.schemas.SaslHandshakeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SaslHandshake (v0-1): the client names its mechanism; the answer lists the listener's enabled ones. On a
 * listener without SASL, ILLEGAL_SASL_STATE, as Kafka answers. An unknown mechanism is UNSUPPORTED_SASL_MECHANISM
 * and the connection closes after it. The state lives in the connection's {@link SaslAuthenticator}.
 */
public final class SaslHandshakeHandler implements RequestHandler {
    @Override
    public ApiKey api() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public Versions versions() {
        return ApiKey.SASL_HANDSHAKE.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        SaslAuthenticator sasl = context.session().sasl();
        if (sasl == null) {
            return CompletableFuture.completedFuture(Response.of(answer(ErrorCode.ILLEGAL_SASL_STATE, List.of())));
        }
        SaslAuthenticator.HandshakeResult result = sasl.handshake(context.apiVersion(),
                request.get(SaslHandshakeRequest.MECHANISM));
        Message body = answer(result.error(), result.mechanisms());
        return CompletableFuture.completedFuture(result.close() ? Response.ofThenClose(body) : Response.of(body));
    }

    private static Message answer(ErrorCode error, List<String> mechanisms) {
        return SaslHandshakeResponse.SCHEMA.newMessage()
                .set(SaslHandshakeResponse.ERROR_CODE, error.code())
                .set(SaslHandshakeResponse.MECHANISMS, new ArrayList<>(mechanisms));
    }
}
