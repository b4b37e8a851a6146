package io.petrel.broker.internal.handler;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.FlushPolicy;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.fetchsession.FetchSessionCache;
import io.petrel.broker.internal.group.TransactionalOffsetStore;
import io.petrel.broker.internal.metrics.TopicTraffic;
import io.petrel.broker.internal.txn.PartitionMarkerWriter;
import io.petrel.broker.internal.txn.TransactionCoordinator;
import io.petrel.broker.internal.txn.TransactionHandlers;
import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Builds the handlers of the topic and data APIs and wires what they share: Produce and the transaction
 * coordinator's markers wake the fetches waiting in {@link FetchWaiters}; InitProducerId draws on a
 * {@link ProducerIdAllocator} in the data directory; transactional Produce, InitProducerId with a
 * transactional id and the transaction APIs go to one {@link TransactionCoordinator}. The coordinator and the
 * producer ids are recovered when this is built; most handlers only on the first request of their API
 * ({@link LazyRequestHandler}).
 *
 * <p>Not scheduled here: the caller runs {@link TopicRegistry#runRetention()} (Kafka checks every
 * log.retention.check.interval.ms, 5 minutes), {@link TopicRegistry#flushIfDue()} and
 * {@link TransactionCoordinator#tick()} periodically, and closes the coordinator.
 *
 * @param handlers     the handlers, transaction APIs included
 * @param transactions  the transaction coordinator they share
 * @param fetchSessions the incremental fetch sessions Fetch keeps (max.incremental.fetch.session.cache.slots)
 */
public record DataPlaneHandlers(List<RequestHandler> handlers, TransactionCoordinator transactions,
                                FetchSessionCache fetchSessions) {

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
        LongSupplier nanoTime = config.nanoTime();
        FetchSessionCache fetchSessions = new FetchSessionCache(config.fetchSessionCacheSlots(),
                FetchSessionCache.EVICTION_MS, FetchSessionCache.DEFAULT_MAX_PARTITIONS,
                () -> TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong()));
        ProducerIdAllocator producerIds = ProducerIdAllocator.open(config.dataDir());
        TransactionCoordinator transactions = TransactionCoordinator.open(config.dataDir(), config.clock(),
                new MonotonicClock(config.nanoTime()), (int) config.transactionMaxTimeout().toMillis(),
                config.logDefaults().flushPolicy() instanceof FlushPolicy.EveryAppend, producerIds,
                new PartitionMarkerWriter(topics, fetchWaiters, config.clock()), offsets);
        LazyHandlers lazy = new LazyHandlers(topics, identity, config, onTopicDeleted, access, producerIds, transactions);
        List<RequestHandler> handlers = new ArrayList<>(LazyRequestHandler.each(lazy, LazyHandlers.APIS));
        handlers.add(new ProduceHandler(topics, fetchWaiters, config.clock(), access, transactions, traffic));
        handlers.add(new FetchHandler(topics, fetchWaiters, scheduler, access, traffic, fetchSessions));
        handlers.addAll(TransactionHandlers.create(transactions, topics, transactionVersion, config.clock(), access));
        return new DataPlaneHandlers(List.copyOf(handlers), transactions, fetchSessions);
    }

    /**
     * Builds the handlers {@link LazyRequestHandler} defers to the first request of their API: every one here but
     * Produce and Fetch, which are built at start (a first client produces or fetches at once, and the Fetch quota
     * wrapper asks whether its handler is a {@link FetchHandler}). Each constructor only keeps its arguments.
     */
    private record LazyHandlers(TopicRegistry topics, BrokerIdentity identity, BrokerConfig config,
                                Consumer<String> onTopicDeleted, RequestAuthorizer access,
                                ProducerIdAllocator producerIds,
                                TransactionCoordinator transactions) implements LazyRequestHandler.Factory {
        static final List<ApiKey> APIS = List.of(ApiKey.METADATA, ApiKey.CREATE_TOPICS, ApiKey.DELETE_TOPICS,
                ApiKey.CREATE_PARTITIONS, ApiKey.DESCRIBE_CLUSTER, ApiKey.DESCRIBE_TOPIC_PARTITIONS,
                ApiKey.DESCRIBE_CONFIGS, ApiKey.LIST_OFFSETS, ApiKey.OFFSET_FOR_LEADER_EPOCH, ApiKey.DESCRIBE_LOG_DIRS,
                ApiKey.ELECT_LEADERS, ApiKey.ALTER_PARTITION_REASSIGNMENTS, ApiKey.LIST_PARTITION_REASSIGNMENTS,
                ApiKey.DESCRIBE_QUORUM, ApiKey.DELETE_RECORDS, ApiKey.INCREMENTAL_ALTER_CONFIGS, ApiKey.ALTER_CONFIGS,
                ApiKey.INIT_PRODUCER_ID, ApiKey.DESCRIBE_PRODUCERS, ApiKey.CREATE_ACLS, ApiKey.DESCRIBE_ACLS,
                ApiKey.DELETE_ACLS);

        @Override
        public RequestHandler build(ApiKey api) {
            return switch (api) {
                case METADATA -> new MetadataHandler(topics, identity, config.autoCreateTopics(), access);
                case CREATE_TOPICS -> new CreateTopicsHandler(topics, identity, config, access);
                case DELETE_TOPICS -> new DeleteTopicsHandler(topics, onTopicDeleted, access);
                case CREATE_PARTITIONS -> new CreatePartitionsHandler(topics, identity, access);
                case DESCRIBE_CLUSTER -> new DescribeClusterHandler(identity, access);
                case DESCRIBE_TOPIC_PARTITIONS -> new DescribeTopicPartitionsHandler(topics, identity, access);
                case DESCRIBE_CONFIGS -> new DescribeConfigsHandler(topics, identity, config, access);
                case LIST_OFFSETS -> new ListOffsetsHandler(topics, access);
                case OFFSET_FOR_LEADER_EPOCH -> new OffsetForLeaderEpochHandler(topics, access);
                case DESCRIBE_LOG_DIRS -> new DescribeLogDirsHandler(topics, config.dataDir(), access);
                case ELECT_LEADERS -> new ElectLeadersHandler(topics, access);
                case ALTER_PARTITION_REASSIGNMENTS -> new AlterPartitionReassignmentsHandler(topics, identity, access);
                case LIST_PARTITION_REASSIGNMENTS -> new ListPartitionReassignmentsHandler(access);
                case DESCRIBE_QUORUM -> new DescribeQuorumHandler(identity, config.clock(), access);
                case DELETE_RECORDS -> new DeleteRecordsHandler(topics, access);
                case INCREMENTAL_ALTER_CONFIGS -> new IncrementalAlterConfigsHandler(topics, identity, config, access);
                case ALTER_CONFIGS -> new AlterConfigsHandler(topics, access);
                case INIT_PRODUCER_ID -> new InitProducerIdHandler(producerIds, transactions, access);
                case DESCRIBE_PRODUCERS -> new DescribeProducersHandler(topics, access);
                case CREATE_ACLS -> new CreateAclsHandler(access);
                case DESCRIBE_ACLS -> new DescribeAclsHandler(access);
                case DELETE_ACLS -> new DeleteAclsHandler(access);
                default -> throw new IllegalArgumentException("No data-plane handler built lazily for " + api
                        + "; expected one of " + APIS);
            };
        }
    }
}
