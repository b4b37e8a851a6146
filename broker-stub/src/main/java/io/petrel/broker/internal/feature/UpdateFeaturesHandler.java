package io.petrel.broker.internal.feature;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.handler.ImmediateResponse;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.UpdateFeaturesRequest;
import io.petrel.protocol.schemas.UpdateFeaturesRequest.FeatureUpdateKey;
import io.petrel.protocol.schemas.UpdateFeaturesResponse;
import io.petrel.protocol.schemas.UpdateFeaturesResponse.UpdatableFeatureResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers UpdateFeatures (v0-2), what Admin.updateFeatures and {@code kafka-features upgrade|downgrade|disable} send,
 * as Kafka 4.3.1's controller does on a single node: needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED);
 * the updates are checked by {@link FeatureUpdateRules} and applied together or not at all; a refusal is
 * INVALID_UPDATE_VERSION with Kafka's message in the request-wide error, and v0-1 then list no per-feature results
 * (Kafka lists them only on success, each with no error and the message "NONE"). {@code ValidateOnly} (v1+) checks
 * without applying. Kafka 4.3.1 does not read v0's {@code AllowDowngrade}: a v0 update is always an upgrade, here too.
 */
public final class UpdateFeaturesHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateFeaturesHandler.class);

    private final FinalizedFeatures finalized;
    private final FeatureUpdateRules rules;
    private final RequestAuthorizer access;

    public UpdateFeaturesHandler(FinalizedFeatures finalized, FeatureUpdateRules rules, RequestAuthorizer access) {
        this.finalized = finalized;
        this.rules = rules;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.UPDATE_FEATURES;
    }

    @Override
    public Versions versions() {
        return ApiKey.UPDATE_FEATURES.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> update(context, request));
    }

    private Message update(RequestContext context, Message request) {
        if (!access.allowedOnCluster(context, AclOperation.ALTER)) {
            return failed(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
        }
        List<FeatureUpdate> updates = updates(context.apiVersion(), request);
        boolean validateOnly = context.apiVersion() >= 1 && request.get(UpdateFeaturesRequest.VALIDATE_ONLY);
        synchronized (finalized) {
            Optional<String> refusal = rules.refusal(updates, finalized.current());
            if (refusal.isPresent()) {
                return failed(ErrorCode.INVALID_UPDATE_VERSION, refusal.get());
            }
            if (!validateOnly && !updates.isEmpty()) {
                Map<String, Short> changes = new LinkedHashMap<>();
                updates.forEach(u -> changes.put(u.feature(), u.level()));
                try {
                    finalized.apply(changes);
                } catch (IOException e) {
                    log.error("Could not store the finalized features {}", changes, e);
                    return failed(ErrorCode.UNKNOWN_SERVER_ERROR, "Could not store the finalized features: " + e.getMessage());
                }
            }
        }
        return succeeded(updates);
    }

    private static List<FeatureUpdate> updates(short version, Message request) {
        List<FeatureUpdate> updates = new ArrayList<>();
        for (Message u : request.get(UpdateFeaturesRequest.FEATURE_UPDATES)) {
            // As Kafka 4.3.1 (measured): v0's AllowDowngrade is not read, every v0 update is an upgrade.
            UpgradeType type = version == 0 ? UpgradeType.UPGRADE : UpgradeType.ofCode(u.get(FeatureUpdateKey.UPGRADE_TYPE));
            updates.add(new FeatureUpdate(u.get(FeatureUpdateKey.FEATURE), u.get(FeatureUpdateKey.MAX_VERSION_LEVEL), type));
        }
        return updates;
    }

    private static Message failed(ErrorCode error, String message) {
        return UpdateFeaturesResponse.SCHEMA.newMessage()
                .set(UpdateFeaturesResponse.THROTTLE_TIME_MS, 0)
                .set(UpdateFeaturesResponse.ERROR_CODE, error.code())
                .set(UpdateFeaturesResponse.ERROR_MESSAGE, message)
                .set(UpdateFeaturesResponse.RESULTS, new ArrayList<>());
    }

    private static Message succeeded(List<FeatureUpdate> updates) {
        List<Message> results = new ArrayList<>();
        for (FeatureUpdate u : updates) {
            results.add(Message.of(UpdatableFeatureResult.SCHEMA)
                    .set(UpdatableFeatureResult.FEATURE, u.feature())
                    .set(UpdatableFeatureResult.ERROR_CODE, ErrorCode.NONE.code())
                    .set(UpdatableFeatureResult.ERROR_MESSAGE, ErrorCode.NONE.name()));
        }
        return UpdateFeaturesResponse.SCHEMA.newMessage()
                .set(UpdateFeaturesResponse.THROTTLE_TIME_MS, 0)
                .set(UpdateFeaturesResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(UpdateFeaturesResponse.ERROR_MESSAGE, null)
                .set(UpdateFeaturesResponse.RESULTS, results);
    }
}
