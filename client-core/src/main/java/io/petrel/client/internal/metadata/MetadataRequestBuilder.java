package io.petrel.client.internal.metadata;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataRequest.MetadataRequestTopic;

import java.util.ArrayList;
import java.util.List;

/**
 * The Metadata request a client sends: only the topics in use, by name, with automatic topic creation
 * allowed (as kafka-clients' producer asks; the broker's auto.create.topics.enable decides), and no
 * authorized-operations lists.
 */
final class MetadataRequestBuilder {
    private MetadataRequestBuilder() {
    }

    static Message build(List<String> topics, short version) {
        List<Message> requested = new ArrayList<>(topics.size());
        for (String topic : topics) {
            requested.add(Message.of(MetadataRequestTopic.SCHEMA).set(MetadataRequestTopic.NAME, topic));
        }
        return MetadataRequest.SCHEMA.newMessage()
                .set(MetadataRequest.TOPICS, requested)
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, true)
                .set(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, false)
                .set(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS, false);
    }
}
