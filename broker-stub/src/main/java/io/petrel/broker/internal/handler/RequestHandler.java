package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one API. The network layer decodes the request body with the API's schema, calls
 * {@link #handle}, and writes the response when the future completes; responses on one connection go
 * out in request order whatever order their futures complete in.
 *
 * <p>A handler may complete on any thread. It must not block the calling (event loop) thread on I/O
 * waits of unbounded length: a long-poll Fetch, for one, returns an incomplete future and completes it
 * later.
 */
public interface RequestHandler {

    /** The API this handler answers. */
    ApiKey api();

    /** The versions this broker serves for the API, advertised in ApiVersions. */
    Versions versions();

    /** Answers a decoded request; see {@link Response} for the shapes an answer may take. */
    CompletableFuture<Response> handle(RequestContext context, Message request);
}
