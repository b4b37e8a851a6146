package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ApiVersionsRequest;
import io.petrel.protocol.schemas.ApiVersionsResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * ApiVersions: every API this broker serves with its version range. A client sends its newest
 * ApiVersions version first; a version this broker does not know is answered by the network layer
 * with {@link #unsupportedVersionResponse} at v0, which carries the list so the client can retry at a
 * version both sides speak.
 */
public final class ApiVersionsHandler implements RequestHandler {
    private static final Versions SERVED = ApiKey.API_VERSIONS.versions();
    /** The feature kafka-clients reads to choose the transaction protocol. */
    static final String TRANSACTION_VERSION = "transaction.version";
    private static final short MAX_TRANSACTION_VERSION = 2;
    private static final long FINALIZED_FEATURES_EPOCH = 1L;

    private final Supplier<HandlerRegistry> registry;
    private final short transactionVersion;

    /** @param transactionVersion the finalized transaction.version, 1 or 2 */
    public ApiVersionsHandler(Supplier<HandlerRegistry> registry, short transactionVersion) {
        this.registry = registry;
        this.transactionVersion = transactionVersion;
    }

    @Override
    public ApiKey api() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public Versions versions() {
        return SERVED;
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        if (context.apiVersion() >= 3 && !validClientSoftware(request)) {
            return CompletableFuture.completedFuture(Response.of(ApiVersionsResponse.SCHEMA.newMessage()
                    .set(ApiVersionsResponse.ERROR_CODE, ErrorCode.INVALID_REQUEST.code())
                    .set(ApiVersionsResponse.API_KEYS, apiKeys())));
        }
        return CompletableFuture.completedFuture(Response.of(ApiVersionsResponse.SCHEMA.newMessage()
                .set(ApiVersionsResponse.API_KEYS, apiKeys())
                .set(ApiVersionsResponse.SUPPORTED_FEATURES, List.of(Message.of(ApiVersionsResponse.SupportedFeatureKey.SCHEMA)
                        .set(ApiVersionsResponse.SupportedFeatureKey.NAME, TRANSACTION_VERSION)
                        .set(ApiVersionsResponse.SupportedFeatureKey.MIN_VERSION, (short) 0)
                        .set(ApiVersionsResponse.SupportedFeatureKey.MAX_VERSION, MAX_TRANSACTION_VERSION)))
                .set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, FINALIZED_FEATURES_EPOCH)
                .set(ApiVersionsResponse.FINALIZED_FEATURES, List.of(Message.of(ApiVersionsResponse.FinalizedFeatureKey.SCHEMA)
                        .set(ApiVersionsResponse.FinalizedFeatureKey.NAME, TRANSACTION_VERSION)
                        .set(ApiVersionsResponse.FinalizedFeatureKey.MIN_VERSION_LEVEL, transactionVersion)
                        .set(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL, transactionVersion)))));
    }

    /** The v0 answer to an ApiVersions request at a version this broker does not know. */
    public Message unsupportedVersionResponse() {
        return ApiVersionsResponse.SCHEMA.newMessage()
                .set(ApiVersionsResponse.ERROR_CODE, ErrorCode.UNSUPPORTED_VERSION.code())
                .set(ApiVersionsResponse.API_KEYS, apiKeys());
    }

    private List<Message> apiKeys() {
        List<RequestHandler> handlers = new ArrayList<>(registry.get().all());
        handlers.sort(Comparator.comparingInt(h -> h.api().id()));
        List<Message> keys = new ArrayList<>(handlers.size());
        for (RequestHandler handler : handlers) {
            keys.add(Message.of(ApiVersionsResponse.ApiVersion.SCHEMA)
                    .set(ApiVersionsResponse.ApiVersion.API_KEY, handler.api().id())
                    .set(ApiVersionsResponse.ApiVersion.MIN_VERSION, handler.versions().lowest())
                    .set(ApiVersionsResponse.ApiVersion.MAX_VERSION, handler.versions().highest()));
        }
        return keys;
    }

    /** Kafka checks the client software name and version of v3+ requests against [a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?. */
    private static boolean validClientSoftware(Message request) {
        return valid(request.get(ApiVersionsRequest.CLIENT_SOFTWARE_NAME))
                && valid(request.get(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION));
    }

    private static boolean valid(String s) {
        return s != null && s.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }
}
