package io.petrel.tools.internal.admin;

import io.petrel.admin.Admin;
import io.petrel.admin.ConfigEntry;
import io.petrel.admin.ConfigResource;
import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.GroupIdNotFoundException;
import io.petrel.admin.GroupListing;
import io.petrel.admin.NewPartitions;
import io.petrel.admin.NewTopic;
import io.petrel.admin.OffsetAndMetadata;
import io.petrel.admin.OffsetSpec;
import io.petrel.admin.TopicPartitionInfo;
import io.petrel.admin.TransactionDescription;
import io.petrel.admin.TransactionListing;
import io.petrel.admin.UnknownTopicOrPartitionException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.network.ConnectFailedException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster administration the command line tools need, on Petrel's public {@link Admin} client: each call
 * blocks until the Admin's future completes (within {@code default.api.timeout.ms}) and fails with a
 * {@link ClientException} whose message fits one line on a terminal: {@link BrokerErrorException} (the Admin's
 * exceptions) names the error code and the resource, {@link ClusterUnreachableException} says which address
 * could not be reached and why. The tools' views ({@link TopicDescription} with its configs) are built here.
 */
public final class ClusterAdmin implements AutoCloseable {
    /**
     * Bounded waits, so an unreachable broker is reported in seconds rather than after a minute; the connection
     * setup timeouts are {@link ConnectionSetupTimeouts}'.
     */
    static final Map<String, String> CLI_DEFAULTS = Map.of(
            "request.timeout.ms", "15000",
            "reconnect.backoff.max.ms", "1000",
            "default.api.timeout.ms", "30000",
            "client.id", "petrel-cli");
    /** How long a topic reported unknown is asked for again: client-core's grace for a topic created a moment ago. */
    private static final Duration UNKNOWN_TOPIC_GRACE = Duration.ofSeconds(1);
    private static final Duration UNKNOWN_TOPIC_RETRY = Duration.ofMillis(100);

    /** Topics by name, then partitions by index: the order the tools print partitions in. */
    public static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration apiTimeout;

    private ClusterAdmin(Admin admin, String bootstrapServers, Duration apiTimeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.apiTimeout = apiTimeout;
    }

    /**
     * Prepares to talk to the cluster at {@code bootstrapServers}; nothing connects until the first call.
     *
     * @param overrides Admin settings ({@code default.api.timeout.ms}, client-core's common keys) over the command
     *                  line's defaults
     * @throws io.petrel.client.ConfigException for a bad bootstrap list or setting
     */
    public static ClusterAdmin connect(String bootstrapServers, Map<String, String> overrides) {
        Map<String, Object> settings = new HashMap<>(CLI_DEFAULTS);
        settings.putAll(overrides);
        settings.put("bootstrap.servers", bootstrapServers);
        ConnectionSetupTimeouts.addTo(settings);
        Admin admin = Admin.create(settings);
        return new ClusterAdmin(admin, bootstrapServers, Duration.ofMillis(parseMillis(settings.get("default.api.timeout.ms"))));
    }

    private static long parseMillis(Object value) {
        // Admin.create checked it already.
        return Long.parseLong(value.toString().trim());
    }

    // ---- topics ----

    /** The names of every topic, sorted; internal topics only when {@code includeInternal}. */
    public List<String> listTopics(boolean includeInternal) {
        return List.copyOf(new java.util.TreeSet<>(await(admin.listTopics(includeInternal), "Metadata").keySet()));
    }

    /**
     * The named topics (every topic when {@code names} is null), sorted by name, with their partitions and the
     * settings not at their defaults.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION for a named topic that does not exist
     */
    public List<TopicDescription> describeTopics(Collection<String> names) {
        Collection<String> topics = names != null ? names : await(admin.listTopics(true), "Metadata").keySet();
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, io.petrel.admin.TopicDescription> described = new TreeMap<>(await(admin.describeTopics(topics).all(), "Metadata"));
        Map<ConfigResource, io.petrel.admin.Config> configs = await(admin.describeConfigs(described.keySet().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all(), "DescribeConfigs");
        return described.values().stream().map(t -> view(t, configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()))))
                .toList();
    }

    private static TopicDescription view(io.petrel.admin.TopicDescription t, io.petrel.admin.Config config) {
        List<PartitionDescription> partitions = t.partitions().stream().map(ClusterAdmin::view).toList();
        Map<String, String> nonDefault = new LinkedHashMap<>();
        if (config != null) {
            for (ConfigEntry e : config.entries()) {
                if (!e.isDefault()) {
                    nonDefault.put(e.name(), e.sensitive() ? "[hidden]" : e.value());
                }
            }
        }
        return new TopicDescription(t.name(), t.topicId(), t.internal(), partitions, nonDefault);
    }

    private static PartitionDescription view(TopicPartitionInfo p) {
        Function<List<io.petrel.client.Node>, List<Integer>> ids = nodes -> nodes.stream().map(io.petrel.client.Node::id).toList();
        return new PartitionDescription(p.partition(), p.leader() == null ? -1 : p.leader().id(), ids.apply(p.replicas()),
                ids.apply(p.isr()));
    }

    /**
     * The partitions of an existing topic; never creates it. A topic reported unknown is asked for again for up to
     * a second: a broker learns of a topic created a moment ago (by the previous command of a script) a little
     * after the controller created it.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION if it still does not exist
     */
    public TopicDescription topic(String name) {
        long deadline = System.nanoTime() + UNKNOWN_TOPIC_GRACE.toNanos();
        while (true) {
            try {
                return view(await(admin.describeTopics(List.of(name)).values().get(name), "Metadata"), null);
            } catch (UnknownTopicOrPartitionException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                pause(UNKNOWN_TOPIC_RETRY);
            }
        }
    }

    /**
     * The partitions of a topic a producer or consumer is about to use. A missing topic is created as the broker
     * creates one on a client's Metadata request, as Kafka's console tools rely on: only when the broker's
     * {@code auto.create.topics.enable} is true, with its {@code num.partitions} and
     * {@code default.replication.factor}. Creating it here, rather than leaving it to the client's first Metadata
     * request, gives the command the partitions at once and a one-line answer when the broker does not create
     * topics on use.
     *
     * @throws ClientException naming the topic and the broker setting when it does not exist and the broker does
     *                         not create topics on use
     */
    public TopicDescription topicForClients(String name) {
        try {
            return view(await(admin.describeTopics(List.of(name)).values().get(name), "Metadata"), null);
        } catch (UnknownTopicOrPartitionException missing) {
            Optional<Boolean> autoCreate = brokerAutoCreatesTopics();
            if (autoCreate.isEmpty()) {
                throw missing;
            }
            if (!autoCreate.get()) {
                throw new ClientException("UNKNOWN_TOPIC_OR_PARTITION: topic '" + name + "' does not exist and the"
                        + " broker does not create topics on use (auto.create.topics.enable=false); create it first with"
                        + " petrel topics --create --topic " + name, missing);
            }
            try {
                createTopic(name, -1, (short) -1, Map.of());
            } catch (io.petrel.admin.TopicExistsException raced) {
                // Another client created it meanwhile: as good.
            }
            return topic(name);
        }
    }

    /**
     * The broker's {@code auto.create.topics.enable}, asked of one broker; empty when it cannot be read (no
     * DESCRIBE_CONFIGS permission on the cluster, say), so the caller reports the missing topic as it is.
     */
    private Optional<Boolean> brokerAutoCreatesTopics() {
        try {
            List<io.petrel.client.Node> nodes = await(admin.describeCluster(), "DescribeCluster").nodes();
            if (nodes.isEmpty()) {
                return Optional.empty();
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(nodes.get(0).id()));
            io.petrel.admin.Config config = await(admin.describeConfigs(List.of(broker)).values().get(broker), "DescribeConfigs");
            return config.entries().stream().filter(e -> e.name().equals("auto.create.topics.enable") && e.value() != null)
                    .findFirst().map(e -> Boolean.parseBoolean(e.value().trim()));
        } catch (BrokerErrorException e) {
            return Optional.empty();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while waiting for topic metadata");
        }
    }

    /**
     * Creates a topic.
     *
     * @param partitions        the partition count, or -1 for the broker's num.partitions
     * @param replicationFactor the replication factor, or -1 for the broker's default.replication.factor
     * @param configs           topic settings
     * @throws BrokerErrorException TOPIC_ALREADY_EXISTS, INVALID_CONFIG, INVALID_PARTITIONS, ...
     */
    public void createTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions < 0 ? Optional.empty() : Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor), configs);
        await(admin.createTopics(List.of(topic)).values().get(name), "CreateTopics");
    }

    /**
     * Deletes a topic.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION if it does not exist, ...
     */
    public void deleteTopic(String name) {
        await(admin.deleteTopics(List.of(name)).values().get(name), "DeleteTopics");
    }

    /**
     * Grows a topic to {@code totalPartitions} partitions.
     *
     * @throws BrokerErrorException INVALID_PARTITIONS when that is not more than it has, UNKNOWN_TOPIC_OR_PARTITION
     */
    public void createPartitions(String name, int totalPartitions) {
        await(admin.createPartitions(Map.of(name, NewPartitions.increaseTo(totalPartitions))).values().get(name),
                "CreatePartitions");
    }

    // ---- configs ----

    /**
     * A topic's or broker's configs, every one with its source and synonyms.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist, ...
     */
    public io.petrel.admin.Config describeConfigs(ConfigResource resource) {
        return await(admin.describeConfigs(List.of(resource)).values().get(resource), "DescribeConfigs");
    }

    /**
     * Sets and deletes configs of a topic or broker in one IncrementalAlterConfigs request.
     *
     * @throws BrokerErrorException INVALID_CONFIG for an unknown name or a bad value, INVALID_REQUEST for a broker config
     *                              that cannot change at run time, UNKNOWN_TOPIC_OR_PARTITION, ...
     */
    public void alterConfigs(ConfigResource resource, List<io.petrel.admin.AlterConfigOp> ops) {
        await(admin.incrementalAlterConfigs(Map.of(resource, ops)).values().get(resource), "IncrementalAlterConfigs");
    }

    /** The node ids of the cluster's brokers, ascending. */
    public List<Integer> brokerIds() {
        return await(admin.describeCluster(), "DescribeCluster").nodes().stream().map(io.petrel.client.Node::id).sorted().toList();
    }

    // ---- groups ----

    /** Every group of every broker, sorted by id. */
    public List<GroupListing> listGroups() {
        return List.copyOf(await(admin.listGroups(), "ListGroups"));
    }

    /**
     * A group's state and members, with the partitions assigned to each. A group the coordinator does not know is
     * reported in state Dead, as the tools print it.
     */
    public ConsumerGroupDescription describeGroup(String groupId) {
        try {
            return await(admin.describeConsumerGroups(List.of(groupId)).values().get(groupId), "DescribeGroups");
        } catch (GroupIdNotFoundException e) {
            return ConsumerGroupDescription.classic(groupId, "Dead", "", "", List.of(), null);
        }
    }

    /** The offsets a group committed, by partition; partitions with nothing committed are left out. */
    public Map<TopicPartition, Long> committedOffsets(String groupId) {
        Map<TopicPartition, Long> offsets = new TreeMap<>(PARTITION_ORDER);
        await(admin.listConsumerGroupOffsets(groupId), "OffsetFetch").forEach((tp, o) -> offsets.put(tp, o.offset()));
        return offsets;
    }

    /** The log end offset (the offset the next record will get) of each partition, asked of its leader. */
    public Map<TopicPartition, Long> logEndOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
    }

    /** Each partition's offset for its spec (earliest, latest, by timestamp: -1 when no record is that recent). */
    public Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, Long> offsets = new TreeMap<>(PARTITION_ORDER);
        if (!specs.isEmpty()) {
            await(admin.listOffsets(specs).all(), "ListOffsets").forEach((tp, info) -> offsets.put(tp, info.offset()));
        }
        return offsets;
    }

    /**
     * Commits offsets for a group as no member of it: the coordinator takes them only while the group has no
     * active members.
     */
    public void alterGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        await(admin.alterConsumerGroupOffsets(groupId, committed).all(), "OffsetCommit");
    }

    /**
     * Deletes groups, each on its own: by group id in the order given, null for a group deleted, else why it was not
     * (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, ...).
     *
     * @throws ClusterUnreachableException when no broker answers at all
     */
    public Map<String, RuntimeException> deleteGroups(List<String> groupIds) {
        Map<String, CompletableFuture<Void>> futures = admin.deleteConsumerGroups(groupIds).values();
        Map<String, RuntimeException> outcomes = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            outcomes.put(groupId, failureOf(futures.get(groupId), "DeleteGroups"));
        }
        return outcomes;
    }

    /**
     * Deletes a group's committed offsets of these partitions: by partition, null for one deleted, else why not
     * (GROUP_SUBSCRIBED_TO_TOPIC while members read the topic; a group-wide error such as GROUP_ID_NOT_FOUND or
     * NON_EMPTY_GROUP for every partition).
     */
    public Map<TopicPartition, RuntimeException> deleteGroupOffsets(String groupId, Collection<TopicPartition> partitions) {
        Map<TopicPartition, CompletableFuture<Void>> futures = admin.deleteConsumerGroupOffsets(groupId,
                new java.util.LinkedHashSet<>(partitions)).values();
        Map<TopicPartition, RuntimeException> outcomes = new TreeMap<>(PARTITION_ORDER);
        for (TopicPartition tp : partitions) {
            outcomes.put(tp, failureOf(futures.get(tp), "OffsetDelete"));
        }
        return outcomes;
    }

    /** One partition's outcome of {@link #deleteRecords}: its new low watermark, or why nothing was deleted. */
    public record DeletedRecordsOutcome(long lowWatermark, RuntimeException failure) {
    }

    /**
     * Deletes each partition's records before its offset (-1: before the high watermark), in the order given.
     *
     * @throws ClusterUnreachableException when no broker answers at all
     */
    public Map<TopicPartition, DeletedRecordsOutcome> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        Map<TopicPartition, io.petrel.admin.RecordsToDelete> request = new LinkedHashMap<>();
        beforeOffsets.forEach((tp, offset) -> request.put(tp, io.petrel.admin.RecordsToDelete.beforeOffset(offset)));
        Map<TopicPartition, CompletableFuture<io.petrel.admin.DeletedRecords>> futures = admin.deleteRecords(request).values();
        Map<TopicPartition, DeletedRecordsOutcome> outcomes = new LinkedHashMap<>();
        for (TopicPartition tp : beforeOffsets.keySet()) {
            CompletableFuture<io.petrel.admin.DeletedRecords> future = futures.get(tp);
            RuntimeException failure = failureOf(future, "DeleteRecords");
            outcomes.put(tp, new DeletedRecordsOutcome(failure == null ? future.join().lowWatermark() : -1, failure));
        }
        return outcomes;
    }

    /** Null when the future succeeded, the broker's error when it failed; an unreachable cluster is thrown. */
    private RuntimeException failureOf(CompletableFuture<?> future, String what) {
        try {
            await(future, what);
            return null;
        } catch (ClusterUnreachableException | TimeoutException e) {
            throw e;
        } catch (BrokerErrorException e) {
            return e;
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(apiTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(false);
            throw new TimeoutException(what + " got no answer within " + apiTimeout.toMillis() + " ms (default.api.timeout.ms)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while waiting for the answer to " + what);
        }
    }

    private RuntimeException translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectFailedException) {
                return new ClusterUnreachableException("cannot reach a broker at " + bootstrapServers + ": "
                        + unreachableReason(t), failure);
            }
        }
        if (failure instanceof TimeoutException && failure.getMessage() != null && failure.getMessage().contains("found no broker")) {
            return new ClusterUnreachableException("cannot reach a broker at " + bootstrapServers + ": no connection within "
                    + apiTimeout.toMillis() + " ms; is it running and reachable?", failure);
        }
        return failure instanceof RuntimeException r ? r : new ClientException(failure.toString(), failure);
    }

    /** Why a connection could not be made, and what to check. */
    private static String unreachableReason(Throwable connectFailure) {
        for (Throwable t = connectFailure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused; is it running?";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host (" + t.getMessage() + "); check the address";
            }
        }
        String message = String.valueOf(connectFailure.getMessage());
        if (message.contains("did not finish within")) {
            return "no answer to the connection attempt; is it running and reachable?";
        }
        if (message.contains("Frame size")) {
            // An HTTP server or proxy answers the ApiVersions request with text, read as a huge frame size.
            return "the server there does not speak Kafka's protocol; is this a Kafka listener's port?";
        }
        return message + "; is it running?";
    }

    // ---- transactions ----

    /** Every transactional id the brokers coordinate, sorted, with its coordinator, producer id and state. */
    public List<TransactionListing> listTransactions() {
        return List.copyOf(await(admin.listTransactions(), "ListTransactions"));
    }

    /**
     * One transactional id's state at its coordinator.
     *
     * @throws BrokerErrorException TRANSACTIONAL_ID_NOT_FOUND for an id no producer has used
     */
    public TransactionDescription describeTransaction(String transactionalId) {
        return await(admin.describeTransactions(List.of(transactionalId)).values().get(transactionalId),
                "DescribeTransactions");
    }

    @Override
    public void close() {
        admin.close();
    }
}
