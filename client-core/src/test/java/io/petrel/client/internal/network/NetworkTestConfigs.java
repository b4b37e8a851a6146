package io.petrel.client.internal.network;

import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.RequestBody;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Configurations and request bodies the network tests share. */
final class NetworkTestConfigs {
    private NetworkTestConfigs() {
    }

    /** A network configuration for these bootstrap servers, with "key", value pairs overriding defaults. */
    static ClientNetworkConfig config(String bootstrap, Object... overrides) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("bootstrap.servers", bootstrap);
        raw.put("client.id", "petrel-test");
        for (int i = 0; i < overrides.length; i += 2) {
            raw.put((String) overrides[i], overrides[i + 1]);
        }
        return ClientNetworkConfig.parse(raw);
    }

    /** A Metadata request for these topics, not creating them. */
    static RequestBody metadataFor(String... topics) {
        return version -> {
            List<Message> requested = new java.util.ArrayList<>();
            for (String topic : topics) {
                requested.add(Message.of(MetadataRequest.MetadataRequestTopic.SCHEMA)
                        .set(MetadataRequest.MetadataRequestTopic.NAME, topic));
            }
            return MetadataRequest.SCHEMA.newMessage()
                    .set(MetadataRequest.TOPICS, requested)
                    .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false);
        };
    }
}
