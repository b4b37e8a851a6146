package io.petrel.client.internal.metadata;

import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.protocol.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Metadata response, read into client terms.
 *
 * @param brokers       the brokers by id
 * @param clusterId     the cluster id, or null
 * @param error         the top-level error (v13+), NONE before
 * @param topics        each topic the response describes
 */
record MetadataUpdate(Map<Integer, Node> brokers, String clusterId, ErrorCode error, List<TopicResult> topics) {

    /**
     * One topic of the response.
     *
     * @param name       the topic name
     * @param id         the topic id, or null when the version carries none
     * @param error      the topic-level error
     * @param partitions the partitions (empty on error)
     */
    record TopicResult(String name, UUID id, ErrorCode error, List<PartitionInfo> partitions) {
    }
}
