package io.petrel.admin.internal;

import io.petrel.admin.AlterConfigOp;
import io.petrel.admin.Config;
import io.petrel.admin.ConfigEntry;
import io.petrel.admin.ConfigResource;
import io.petrel.admin.ResourceResults;
import io.petrel.client.ConfigException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeConfigsRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest.DescribeConfigsResource;
import io.petrel.protocol.schemas.DescribeConfigsResponse;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsSynonym;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest.AlterConfigsResource;
import io.petrel.protocol.schemas.IncrementalAlterConfigsRequest.AlterableConfig;
import io.petrel.protocol.schemas.IncrementalAlterConfigsResponse;
import io.petrel.protocol.schemas.IncrementalAlterConfigsResponse.AlterConfigsResourceResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The config calls: DescribeConfigs and IncrementalAlterConfigs, one request per resource, a broker's own configs
 * sent to that broker (as Kafka requires) and everything else to any broker.
 */
final class ConfigCalls {
    private final AdminRequests requests;

    ConfigCalls(AdminRequests requests) {
        this.requests = requests;
    }

    ResourceResults<ConfigResource, Config> describeConfigs(Collection<ConfigResource> resources) {
        PerResource<ConfigResource, Config> results = new PerResource<>(resources, ConfigCalls::describe);
        for (ConfigResource resource : resources) {
            Message request = Message.of(DescribeConfigsResource.SCHEMA)
                    .set(DescribeConfigsResource.RESOURCE_TYPE, resource.type().id())
                    .set(DescribeConfigsResource.RESOURCE_NAME, resource.name())
                    .set(DescribeConfigsResource.CONFIGURATION_KEYS, null);
            send(resource, ApiKey.DESCRIBE_CONFIGS, version -> DescribeConfigsRequest.SCHEMA.newMessage()
                    .set(DescribeConfigsRequest.RESOURCES, List.of(request))
                    .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, true), "DescribeConfigs").whenComplete((response, failure) -> {
                if (failure != null) {
                    results.fail(resource, AdminRequests.unwrap(failure));
                    return;
                }
                for (Message result : response.body().get(DescribeConfigsResponse.RESULTS)) {
                    results.completeOrFail(resource, result.get(DescribeConfigsResult.ERROR_CODE),
                            result.get(DescribeConfigsResult.ERROR_MESSAGE), configOf(result));
                }
                results.fail(resource, new io.petrel.client.ClientException("DescribeConfigs answered nothing about "
                        + describe(resource)));
            });
        }
        return results.results();
    }

    private static Config configOf(Message result) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (Message e : result.get(DescribeConfigsResult.CONFIGS)) {
            boolean sensitive = e.get(DescribeConfigsResourceResult.IS_SENSITIVE);
            List<ConfigEntry.ConfigSynonym> synonyms = new ArrayList<>();
            for (Message s : e.get(DescribeConfigsResourceResult.SYNONYMS)) {
                synonyms.add(new ConfigEntry.ConfigSynonym(s.get(DescribeConfigsSynonym.NAME),
                        sensitive ? null : s.get(DescribeConfigsSynonym.VALUE),
                        ConfigEntry.ConfigSource.forId(s.get(DescribeConfigsSynonym.SOURCE))));
            }
            entries.add(new ConfigEntry(e.get(DescribeConfigsResourceResult.NAME),
                    sensitive ? null : e.get(DescribeConfigsResourceResult.VALUE),
                    ConfigEntry.ConfigSource.forId(e.get(DescribeConfigsResourceResult.CONFIG_SOURCE)), sensitive,
                    e.get(DescribeConfigsResourceResult.READ_ONLY), synonyms));
        }
        return new Config(entries);
    }

    ResourceResults<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs) {
        PerResource<ConfigResource, Void> results = new PerResource<>(configs.keySet(), ConfigCalls::describe);
        configs.forEach((resource, ops) -> {
            Message request = Message.of(AlterConfigsResource.SCHEMA)
                    .set(AlterConfigsResource.RESOURCE_TYPE, resource.type().id())
                    .set(AlterConfigsResource.RESOURCE_NAME, resource.name())
                    .set(AlterConfigsResource.CONFIGS, ops.stream().map(op -> Message.of(AlterableConfig.SCHEMA)
                            .set(AlterableConfig.NAME, op.name())
                            .set(AlterableConfig.CONFIG_OPERATION, op.opType().id())
                            .set(AlterableConfig.VALUE, op.value())).toList());
            send(resource, ApiKey.INCREMENTAL_ALTER_CONFIGS, version -> IncrementalAlterConfigsRequest.SCHEMA.newMessage()
                    .set(IncrementalAlterConfigsRequest.RESOURCES, List.of(request))
                    .set(IncrementalAlterConfigsRequest.VALIDATE_ONLY, false), "IncrementalAlterConfigs")
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            results.fail(resource, AdminRequests.unwrap(failure));
                            return;
                        }
                        for (Message result : response.body().get(IncrementalAlterConfigsResponse.RESPONSES)) {
                            results.completeOrFail(resource, result.get(AlterConfigsResourceResponse.ERROR_CODE),
                                    result.get(AlterConfigsResourceResponse.ERROR_MESSAGE), null);
                        }
                        results.fail(resource, new io.petrel.client.ClientException(
                                "IncrementalAlterConfigs answered nothing about " + describe(resource)));
                    });
        });
        return results.results();
    }

    /** A broker's configs go to that broker; the cluster-wide defaults ("") and the rest to any. */
    private CompletableFuture<ClientNetwork.Response> send(ConfigResource resource, ApiKey api, RequestBody body, String what) {
        if (resource.type() == ConfigResource.Type.BROKER && !resource.name().isEmpty()) {
            int node;
            try {
                node = brokerId(resource.name());
            } catch (ConfigException e) {
                return CompletableFuture.failedFuture(e);
            }
            return requests.retrying(what, () -> requests.toNode(node, api, body));
        }
        return requests.retrying(what, () -> requests.toAny(api, body));
    }

    private static int brokerId(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new ConfigException("A broker config resource is named by the broker's node id, not '" + name + "'");
        }
    }

    static String describe(ConfigResource resource) {
        return switch (resource.type()) {
            case TOPIC -> "Topic '" + resource.name() + "'";
            case BROKER -> resource.name().isEmpty() ? "The cluster's broker defaults" : "Broker " + resource.name();
            default -> resource.type() + " '" + resource.name() + "'";
        };
    }
}
