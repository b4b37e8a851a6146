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
import io.petrel.protocol.schemas.DescribeClientQuotasRequest;
import io.petrel.protocol.schemas.DescribeClientQuotasResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeClientQuotas (v0-1): needs DESCRIBE_CONFIGS on the cluster; answers the stored entities the filter
 * matches ({@link QuotaFilter}) with their values, or Kafka's error for a bad filter.
 */
public final class DescribeClientQuotasHandler implements RequestHandler {
    private final ClientQuotaStore store;
    private final RequestAuthorizer access;

    public DescribeClientQuotasHandler(ClientQuotaStore store, RequestAuthorizer access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_CLIENT_QUOTAS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_CLIENT_QUOTAS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        if (!access.allowedOnCluster(context, AclOperation.DESCRIBE_CONFIGS)) {
            return error(new QuotaError(ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                    "Not authorized to describe client quotas: DESCRIBE_CONFIGS on the cluster is needed"));
        }
        List<QuotaFilter.Component> components = new ArrayList<>();
        for (Message c : request.get(DescribeClientQuotasRequest.COMPONENTS)) {
            components.add(new QuotaFilter.Component(c.get(DescribeClientQuotasRequest.ComponentData.ENTITY_TYPE),
                    c.get(DescribeClientQuotasRequest.ComponentData.MATCH_TYPE),
                    c.get(DescribeClientQuotasRequest.ComponentData.MATCH)));
        }
        QuotaFilter filter;
        try {
            filter = QuotaFilter.of(components, request.get(DescribeClientQuotasRequest.STRICT));
        } catch (QuotaFilter.InvalidFilterException e) {
            return error(e.error());
        }
        List<Message> entries = new ArrayList<>();
        for (Map.Entry<QuotaEntity, Map<String, Double>> quota : store.all().entrySet()) {
            if (filter.matches(quota.getKey())) {
                entries.add(entry(quota.getKey(), quota.getValue()));
            }
        }
        return DescribeClientQuotasResponse.SCHEMA.newMessage().set(DescribeClientQuotasResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeClientQuotasResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeClientQuotasResponse.ENTRIES, entries);
    }

    private static Message entry(QuotaEntity entity, Map<String, Double> values) {
        List<Message> components = new ArrayList<>();
        for (QuotaEntity.Component c : entity.components()) {
            components.add(Message.of(DescribeClientQuotasResponse.EntityData.SCHEMA)
                    .set(DescribeClientQuotasResponse.EntityData.ENTITY_TYPE, c.type())
                    .set(DescribeClientQuotasResponse.EntityData.ENTITY_NAME, c.name()));
        }
        List<Message> valueData = new ArrayList<>();
        values.forEach((key, value) -> valueData.add(Message.of(DescribeClientQuotasResponse.ValueData.SCHEMA)
                .set(DescribeClientQuotasResponse.ValueData.KEY, key)
                .set(DescribeClientQuotasResponse.ValueData.VALUE, value)));
        return Message.of(DescribeClientQuotasResponse.EntryData.SCHEMA)
                .set(DescribeClientQuotasResponse.EntryData.ENTITY, components)
                .set(DescribeClientQuotasResponse.EntryData.VALUES, valueData);
    }

    private static Message error(QuotaError error) {
        return DescribeClientQuotasResponse.SCHEMA.newMessage().set(DescribeClientQuotasResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeClientQuotasResponse.ERROR_CODE, error.code().code())
                .set(DescribeClientQuotasResponse.ERROR_MESSAGE, error.message())
                .set(DescribeClientQuotasResponse.ENTRIES, null);
    }
}
