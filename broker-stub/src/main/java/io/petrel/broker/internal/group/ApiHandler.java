package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link RequestHandler} made of an API, its served versions and a function; an unexpected exception
 * from the function becomes a failed future (and a log line) rather than escaping into the event loop.
 */
record ApiHandler(ApiKey api, Versions versions, Body body) implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /** The work of one API. */
    @FunctionalInterface
    interface Body {
        CompletableFuture<Response> handle(RequestContext context, Message request);
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            return body.handle(context, request);
        } catch (RuntimeException e) {
            log.error("{} v{} request {} from {} failed", api.apiName(), context.apiVersion(),
                    context.correlationId(), context.connectionId(), e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
