package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.FlushPolicy;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.group.TransactionalOffsetStore;
import io.petrel.broker.internal.metrics.TopicTraffic;
import io.petrel.broker.internal.txn.PartitionMarkerWriter;
import io.petrel.broker.internal.txn.TransactionCoordinator;
import io.petrel.broker.internal.txn.TransactionHandlers;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.topic.TopicRegistry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Builds the handlers of the topic and data APIs and wires what they share: Produce and the transaction
 * coordinator's markers wake the fetches waiting in {@link FetchWaiters}; InitProducerId draws on a
 * {@link ProducerIdAllocator} in the data directory; transactional Produce, InitProducerId with a
 * transactional id and the transaction APIs go to one {@link TransactionCoordinator}.
 *
 * <p>Not scheduled here: the caller runs {@link TopicRegistry#runRetention()} (Kafka checks every
 * log.retention.check.interval.ms, 5 minutes), {@link TopicRegistry#flushIfDue()} and
 * {@link TransactionCoordinator#tick()} periodically, and closes the coordinator.
 *
 * @param handlers     the handlers, transaction APIs included
 * @param transactions the transaction coordinator they share
 */
public record DataPlaneHandlers(List<RequestHandler> handlers, TransactionCoordinator transactions) {

    /**
     * The handlers of Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeCluster,
     * DescribeConfigs, IncrementalAlterConfigs, AlterConfigs, Produce, Fetch, ListOffsets, DeleteRecords,
     * InitProducerId, the ACL APIs and the transaction APIs, with the transaction coordinator recovered from the
     * data directory.
     *
     * @param topics         the topic registry they serve
     * @param identity       this node as clients see it
     * @param config         the broker's config; {@code dataDir()} must be set
     * @param scheduler      runs long-poll Fetch timeouts
     * @param onTopicDeleted called with a topic's name after DeleteTopics removed it
     * @param offsets        checks TxnOffsetCommit's member and stores committed transactions' offsets (the group
     *                       coordinator)
     * @param access         the authorizer every handler asks before acting
     * @throws IOException when the producer id file or the transaction journal cannot be read
     */
    public static DataPlaneHandlers create(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                           ScheduledExecutorService scheduler, Consumer<String> onTopicDeleted,
                                           TransactionalOffsetStore offsets, RequestAuthorizer access)
            throws IOException {
        return create(topics, identity, config, scheduler, onTopicDeleted, offsets, access, TopicTraffic.NONE,
                config::transactionVersion);
    }

    /**
     * As {@link #create(TopicRegistry, BrokerIdentity, BrokerConfig, ScheduledExecutorService, Consumer,
     * TransactionalOffsetStore, RequestAuthorizer)}, with Produce and Fetch telling {@code traffic} their bytes and
     * the transaction handlers reading the finalized transaction.version from {@code transactionVersion} at each
     * request (UpdateFeatures changes it).
     */
    public static DataPlaneHandlers create(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                           ScheduledExecutorService scheduler, Consumer<String> onTopicDeleted,
                                           TransactionalOffsetStore offsets, RequestAuthorizer access,
                                           TopicTraffic traffic, IntSupplier transactionVersion)
            throws IOException {
        Objects.requireNonNull(config.dataDir(), "config.dataDir() must be resolved before the handlers are built");
        FetchWaiters fetchWaiters = new FetchWaiters();
        ProducerIdAllocator producerIds = ProducerIdAllocator.open(config.dataDir());
        TransactionCoordinator transactions = TransactionCoordinator.open(config.dataDir(), config.clock(),
                new MonotonicClock(config.nanoTime()), (int) config.transactionMaxTimeout().toMillis(),
                config.logDefaults().flushPolicy() instanceof FlushPolicy.EveryAppend, producerIds,
                new PartitionMarkerWriter(topics, fetchWaiters, config.clock()), offsets);
        List<RequestHandler> handlers = new ArrayList<>(List.of(
                new MetadataHandler(topics, identity, config.autoCreateTopics(), access),
                new CreateTopicsHandler(topics, identity, config, access),
                new DeleteTopicsHandler(topics, onTopicDeleted, access),
                new CreatePartitionsHandler(topics, identity, access),
                new DescribeClusterHandler(identity, access),
                new DescribeTopicPartitionsHandler(topics, identity, access),
                new DescribeConfigsHandler(topics, identity, config, access),
                new ProduceHandler(topics, fetchWaiters, config.clock(), access, transactions, traffic),
                new FetchHandler(topics, fetchWaiters, scheduler, access, traffic),
                new ListOffsetsHandler(topics, access),
                new OffsetForLeaderEpochHandler(topics, access),
                new DescribeLogDirsHandler(topics, config.dataDir(), access),
                new ElectLeadersHandler(topics, access),
                new AlterPartitionReassignmentsHandler(topics, identity, access),
                new ListPartitionReassignmentsHandler(access),
                new DescribeQuorumHandler(identity, config.clock(), access),
                new DeleteRecordsHandler(topics, access),
                new IncrementalAlterConfigsHandler(topics, identity, config, access),
                new AlterConfigsHandler(topics, access),
                new InitProducerIdHandler(producerIds, transactions, access),
                new DescribeProducersHandler(topics, access),
                new CreateAclsHandler(access),
                new DescribeAclsHandler(access),
                new DeleteAclsHandler(access)));
        handlers.addAll(TransactionHandlers.create(transactions, topics, transactionVersion, config.clock(), access));
        return new DataPlaneHandlers(List.copyOf(handlers), transactions);
    }
}
