package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.topic.TopicRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds the handlers of the topic and data APIs and wires what they share: Produce wakes the fetches
 * waiting in {@link FetchWaiters}; InitProducerId draws on a {@link ProducerIdAllocator} in the data
 * directory.
 *
 * <p>Not scheduled here: the caller runs {@link TopicRegistry#runRetention()} (Kafka checks every
 * log.retention.check.interval.ms, 5 minutes) and {@link TopicRegistry#flushIfDue()} periodically.
 */
public final class DataPlaneHandlers {
    private DataPlaneHandlers() {
    }

    /**
     * The handlers of Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeCluster,
     * DescribeConfigs, IncrementalAlterConfigs, AlterConfigs, Produce, Fetch, ListOffsets, DeleteRecords and
     * InitProducerId.
     *
     * @param topics         the topic registry they serve
     * @param identity       this node as clients see it
     * @param config         the broker's config; {@code dataDir()} must be set
     * @param scheduler      runs long-poll Fetch timeouts
     * @param onTopicDeleted called with a topic's name after DeleteTopics removed it
     * @throws IOException when the producer id file in the data directory cannot be read
     */
    public static List<RequestHandler> create(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                              ScheduledExecutorService scheduler, Consumer<String> onTopicDeleted)
            throws IOException {
        Objects.requireNonNull(config.dataDir(), "config.dataDir() must be resolved before the handlers are built");
        FetchWaiters fetchWaiters = new FetchWaiters();
        ProducerIdAllocator producerIds = ProducerIdAllocator.open(config.dataDir());
        return List.of(
                new MetadataHandler(topics, identity),
                new CreateTopicsHandler(topics, identity, config),
                new DeleteTopicsHandler(topics, onTopicDeleted),
                new CreatePartitionsHandler(topics, identity),
                new DescribeClusterHandler(identity),
                new DescribeConfigsHandler(topics, identity, config),
                new ProduceHandler(topics, fetchWaiters, config.clock()),
                new FetchHandler(topics, fetchWaiters, scheduler),
                new ListOffsetsHandler(topics),
                new DeleteRecordsHandler(topics),
                new IncrementalAlterConfigsHandler(topics),
                new AlterConfigsHandler(topics),
                new InitProducerIdHandler(producerIds));
    }
}
