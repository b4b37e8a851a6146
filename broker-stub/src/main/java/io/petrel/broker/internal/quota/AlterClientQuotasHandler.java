package io.petrel.broker.internal.quota;

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
import io.petrel.protocol.schemas.AlterClientQuotasRequest;
import io.petrel.protocol.schemas.AlterClientQuotasResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * AlterClientQuotas (v0-1): needs ALTER_CONFIGS on the cluster. Each entry is checked as Kafka checks it
 * ({@link QuotaAlterationRules}) and answered on its own: the valid ones are stored (unless ValidateOnly), an invalid
 * one gets INVALID_REQUEST with Kafka's message and changes nothing.
 */
public final class AlterClientQuotasHandler implements RequestHandler {
    private final ClientQuotaStore store;
    private final RequestAuthorizer access;

    public AlterClientQuotasHandler(ClientQuotaStore store, RequestAuthorizer access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ALTER_CLIENT_QUOTAS;
    }

    @Override
    public Versions versions() {
        return ApiKey.ALTER_CLIENT_QUOTAS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> alter(context, request));
    }

    private Message alter(RequestContext context, Message request) {
        boolean allowed = access.allowedOnCluster(context, AclOperation.ALTER_CONFIGS);
        Map<QuotaEntity, Map<String, Double>> changes = new LinkedHashMap<>();
        List<Message> results = new ArrayList<>();
        for (Message entry : request.get(AlterClientQuotasRequest.ENTRIES)) {
            List<Message> entityData = entry.get(AlterClientQuotasRequest.EntryData.ENTITY);
            Optional<QuotaError> error = allowed ? check(entry, changes) : Optional.of(new QuotaError(
                    ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to alter client quotas: ALTER_CONFIGS on the cluster is needed"));
            results.add(result(entityData, error));
        }
        if (!request.get(AlterClientQuotasRequest.VALIDATE_ONLY) && !changes.isEmpty()) {
            try {
                store.alter(changes);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not store client quotas: " + e.getMessage(), e);
            }
        }
        return AlterClientQuotasResponse.SCHEMA.newMessage().set(AlterClientQuotasResponse.THROTTLE_TIME_MS, 0)
                .set(AlterClientQuotasResponse.ENTRIES, results);
    }

    /** Checks one entry; a valid one adds its operations to {@code changes}. */
    private static Optional<QuotaError> check(Message entry, Map<QuotaEntity, Map<String, Double>> changes) {
        List<QuotaEntity.Component> components = new ArrayList<>();
        for (Message e : entry.get(AlterClientQuotasRequest.EntryData.ENTITY)) {
            components.add(new QuotaEntity.Component(e.get(AlterClientQuotasRequest.EntityData.ENTITY_TYPE),
                    e.get(AlterClientQuotasRequest.EntityData.ENTITY_NAME)));
        }
        Map<String, Double> ops = new LinkedHashMap<>();
        for (Message op : entry.get(AlterClientQuotasRequest.EntryData.OPS)) {
            String key = op.get(AlterClientQuotasRequest.OpData.KEY);
            if (ops.containsKey(key)) {
                return Optional.of(QuotaError.invalid("Duplicate quota key " + key
                        + " not updating quota for this entity " + new QuotaEntity(components)));
            }
            ops.put(key, op.get(AlterClientQuotasRequest.OpData.REMOVE) ? null : op.get(AlterClientQuotasRequest.OpData.VALUE));
        }
        Optional<QuotaError> entityError = QuotaAlterationRules.entityError(components);
        if (entityError.isPresent()) {
            return entityError;
        }
        QuotaEntity entity = new QuotaEntity(components);
        for (Map.Entry<String, Double> op : ops.entrySet()) {
            if (op.getValue() != null) {
                Optional<QuotaError> valueError = QuotaAlterationRules.valueError(entity, op.getKey(), op.getValue());
                if (valueError.isPresent()) {
                    return valueError;
                }
            }
        }
        changes.computeIfAbsent(entity, e -> new LinkedHashMap<>()).putAll(ops);
        return Optional.empty();
    }

    private static Message result(List<Message> entityData, Optional<QuotaError> error) {
        List<Message> entity = new ArrayList<>();
        for (Message e : entityData) {
            entity.add(Message.of(AlterClientQuotasResponse.EntityData.SCHEMA)
                    .set(AlterClientQuotasResponse.EntityData.ENTITY_TYPE, e.get(AlterClientQuotasRequest.EntityData.ENTITY_TYPE))
                    .set(AlterClientQuotasResponse.EntityData.ENTITY_NAME, e.get(AlterClientQuotasRequest.EntityData.ENTITY_NAME)));
        }
        return Message.of(AlterClientQuotasResponse.EntryData.SCHEMA)
                .set(AlterClientQuotasResponse.EntryData.ERROR_CODE, error.map(QuotaError::code).orElse(ErrorCode.NONE).code())
                .set(AlterClientQuotasResponse.EntryData.ERROR_MESSAGE, error.map(QuotaError::message).orElse(null))
                .set(AlterClientQuotasResponse.EntryData.ENTITY, entity);
    }
}
