package io.petrel.admin.internal;

import io.petrel.admin.FeatureMetadata;
import io.petrel.admin.FeatureUpdate;
import io.petrel.admin.FinalizedVersionRange;
import io.petrel.admin.ResourceResults;
import io.petrel.admin.SupportedVersionRange;
import io.petrel.admin.UpdateFeaturesOptions;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.ClientSoftware;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ApiVersionsRequest;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.UpdateFeaturesRequest;
import io.petrel.protocol.schemas.UpdateFeaturesRequest.FeatureUpdateKey;
import io.petrel.protocol.schemas.UpdateFeaturesResponse;
import io.petrel.protocol.schemas.UpdateFeaturesResponse.UpdatableFeatureResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Kafka's feature versioning calls (KIP-584). describeFeatures is an ApiVersions request to any broker, as Kafka's
 * Admin sends it: its v3+ response carries the supported and finalized features. updateFeatures is one UpdateFeatures
 * request for all the updates, which the cluster applies together or not at all: a request-wide error fails every
 * feature's future with it, and v0-1's per-feature results, where the broker sent them, decide each.
 */
final class FeatureCalls {
    private final AdminRequests requests;

    FeatureCalls(AdminRequests requests) {
        this.requests = requests;
    }

    CompletableFuture<FeatureMetadata> describeFeatures() {
        return requests.retrying("DescribeFeatures", () -> requests.toAny(ApiKey.API_VERSIONS,
                version -> ApiVersionsRequest.SCHEMA.newMessage()
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, ClientSoftware.NAME)
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, ClientSoftware.VERSION))
                .thenApply(response -> features(response.body())));
    }

    private static FeatureMetadata features(Message body) {
        AdminErrors.check(body.get(ApiVersionsResponse.ERROR_CODE), null, "The features");
        Map<String, FinalizedVersionRange> finalized = new HashMap<>();
        for (Message f : list(body.get(ApiVersionsResponse.FINALIZED_FEATURES))) {
            finalized.put(f.get(ApiVersionsResponse.FinalizedFeatureKey.NAME), new FinalizedVersionRange(
                    f.get(ApiVersionsResponse.FinalizedFeatureKey.MIN_VERSION_LEVEL),
                    f.get(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL)));
        }
        Map<String, SupportedVersionRange> supported = new HashMap<>();
        for (Message f : list(body.get(ApiVersionsResponse.SUPPORTED_FEATURES))) {
            supported.put(f.get(ApiVersionsResponse.SupportedFeatureKey.NAME), new SupportedVersionRange(
                    f.get(ApiVersionsResponse.SupportedFeatureKey.MIN_VERSION),
                    f.get(ApiVersionsResponse.SupportedFeatureKey.MAX_VERSION)));
        }
        long epoch = body.get(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH);
        return new FeatureMetadata(finalized, epoch >= 0 ? Optional.of(epoch) : Optional.empty(), supported);
    }

    private static List<Message> list(List<Message> tagged) {
        return tagged == null ? List.of() : tagged;
    }

    ResourceResults<String, Void> updateFeatures(Map<String, FeatureUpdate> updates, UpdateFeaturesOptions options) {
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException("updateFeatures needs at least one feature update, got none");
        }
        Map<String, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        updates.keySet().forEach(name -> futures.put(name, new CompletableFuture<>()));
        requests.retrying("UpdateFeatures", () -> requests.toAny(ApiKey.UPDATE_FEATURES,
                        version -> request(version, updates, options.validateOnly())))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = AdminRequests.unwrap(failure);
                        futures.values().forEach(f -> f.completeExceptionally(cause));
                    } else {
                        complete(response.body(), futures);
                    }
                });
        return new ResourceResults<>(futures);
    }

    private static Message request(short version, Map<String, FeatureUpdate> updates, boolean validateOnly) {
        if (validateOnly && version < 1) {
            throw new UnsupportedVersionException("validateOnly needs UpdateFeatures v1 or later; the broker speaks v0");
        }
        List<Message> keys = new ArrayList<>();
        updates.forEach((name, update) -> {
            Message key = Message.of(FeatureUpdateKey.SCHEMA)
                    .set(FeatureUpdateKey.FEATURE, name)
                    .set(FeatureUpdateKey.MAX_VERSION_LEVEL, update.maxVersionLevel());
            // v0 says only whether the level may go down; v1 replaced that flag by the upgrade type.
            if (version == 0) {
                key.set(FeatureUpdateKey.ALLOW_DOWNGRADE, update.upgradeType() != FeatureUpdate.UpgradeType.UPGRADE);
            } else {
                key.set(FeatureUpdateKey.UPGRADE_TYPE, update.upgradeType().code());
            }
            keys.add(key);
        });
        Message request = UpdateFeaturesRequest.SCHEMA.newMessage()
                .set(UpdateFeaturesRequest.TIMEOUT_MS, 60_000)
                .set(UpdateFeaturesRequest.FEATURE_UPDATES, keys);
        return version >= 1 ? request.set(UpdateFeaturesRequest.VALIDATE_ONLY, validateOnly) : request;
    }

    private static void complete(Message body, Map<String, CompletableFuture<Void>> futures) {
        short error = body.get(UpdateFeaturesResponse.ERROR_CODE);
        if (error != ErrorCode.NONE.code()) {
            futures.forEach((name, f) -> f.completeExceptionally(
                    AdminErrors.forCode(error, body.get(UpdateFeaturesResponse.ERROR_MESSAGE), name)));
            return;
        }
        Map<String, Message> results = new HashMap<>();
        for (Message r : list(body.get(UpdateFeaturesResponse.RESULTS))) {
            results.put(r.get(UpdatableFeatureResult.FEATURE), r);
        }
        futures.forEach((name, f) -> {
            Message r = results.get(name);
            BrokerErrorException e = r == null ? null : AdminErrors.forCode(r.get(UpdatableFeatureResult.ERROR_CODE),
                    r.get(UpdatableFeatureResult.ERROR_MESSAGE), name);
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(null);
            }
        });
    }
}
