package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.feature.FeatureLevels;
import io.petrel.broker.internal.feature.FinalizedFeatures;
import io.petrel.broker.internal.feature.SupportedFeature;
import io.petrel.broker.internal.feature.SupportedFeatures;
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
 *
 * <p>From v3 the response also carries Kafka's feature versioning (KIP-584): the features this broker supports, the
 * levels finalized for the cluster and their epoch, read afresh at each request since UpdateFeatures changes them.
 * Admin.describeFeatures and {@code kafka-features describe} read exactly this.
 */
public final class ApiVersionsHandler implements RequestHandler {
    private static final Versions SERVED = ApiKey.API_VERSIONS.versions();
    /** The first version whose SupportedFeatures lists features with a minimum level of 0 (KIP-1022). */
    private static final short LISTS_MIN_ZERO_FEATURES = 4;

    private final Supplier<HandlerRegistry> registry;
    private final SupportedFeatures supported;
    private final FinalizedFeatures finalized;

    /**
     * @param supported the features this broker supports, listed in v3+ responses
     * @param finalized the levels finalized now, read at each request (UpdateFeatures changes them)
     */
    public ApiVersionsHandler(Supplier<HandlerRegistry> registry, SupportedFeatures supported, FinalizedFeatures finalized) {
        this.registry = registry;
        this.supported = supported;
        this.finalized = finalized;
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
        FeatureLevels levels = finalized.current();
        return CompletableFuture.completedFuture(Response.of(ApiVersionsResponse.SCHEMA.newMessage()
                .set(ApiVersionsResponse.API_KEYS, apiKeys())
                .set(ApiVersionsResponse.SUPPORTED_FEATURES, supportedFeatures(context.apiVersion()))
                .set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, levels.epoch())
                .set(ApiVersionsResponse.FINALIZED_FEATURES, finalizedFeatures(levels))
                .set(ApiVersionsResponse.ZK_MIGRATION_READY, false)));
    }

    /** As Kafka: v3 leaves out the features whose minimum level is 0 (older clients took 0 as invalid), v4+ lists all. */
    private List<Message> supportedFeatures(short version) {
        List<Message> features = new ArrayList<>();
        for (SupportedFeature feature : supported.all()) {
            if (feature.minVersion() > 0 || version >= LISTS_MIN_ZERO_FEATURES) {
                features.add(Message.of(ApiVersionsResponse.SupportedFeatureKey.SCHEMA)
                        .set(ApiVersionsResponse.SupportedFeatureKey.NAME, feature.name())
                        .set(ApiVersionsResponse.SupportedFeatureKey.MIN_VERSION, feature.minVersion())
                        .set(ApiVersionsResponse.SupportedFeatureKey.MAX_VERSION, feature.maxVersion()));
            }
        }
        return features;
    }

    /** Each finalized feature at its one level (KRaft finalizes a level, min and max alike); level 0 is not listed. */
    private static List<Message> finalizedFeatures(FeatureLevels levels) {
        List<Message> features = new ArrayList<>();
        levels.levels().forEach((name, level) -> features.add(Message.of(ApiVersionsResponse.FinalizedFeatureKey.SCHEMA)
                .set(ApiVersionsResponse.FinalizedFeatureKey.NAME, name)
                .set(ApiVersionsResponse.FinalizedFeatureKey.MIN_VERSION_LEVEL, level)
                .set(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL, level)));
        return features;
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
