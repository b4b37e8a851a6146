package io.petrel.tools.internal.admin;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.CreateTopicsRequest;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopic;
import io.petrel.protocol.schemas.CreateTopicsRequest.CreatableTopicConfig;
import io.petrel.protocol.schemas.CreateTopicsResponse;
import io.petrel.protocol.schemas.CreateTopicsResponse.CreatableTopicResult;
import io.petrel.protocol.schemas.DeleteTopicsRequest;
import io.petrel.protocol.schemas.DeleteTopicsRequest.DeleteTopicState;
import io.petrel.protocol.schemas.DeleteTopicsResponse;
import io.petrel.protocol.schemas.DeleteTopicsResponse.DeletableTopicResult;
import io.petrel.protocol.schemas.DescribeConfigsRequest;
import io.petrel.protocol.schemas.DescribeConfigsRequest.DescribeConfigsResource;
import io.petrel.protocol.schemas.DescribeConfigsResponse;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.petrel.protocol.schemas.DescribeConfigsResponse.DescribeConfigsResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster administration the command line tools need (topics, groups and transactions), spoken directly in
 * Kafka's protocol over client-core's {@link ClientNetwork}: CreateTopics, DeleteTopics, Metadata, DescribeConfigs,
 * ListGroups, FindCoordinator, DescribeGroups, OffsetFetch, ListOffsets, ListTransactions and DescribeTransactions.
 *
 * <p>Each call blocks until the broker answers or {@code default.api.timeout.ms} passes, and fails with a
 * {@link ClientException} whose message is fit for one line on a terminal: {@link BrokerErrorException} names
 * the broker's error code, {@link ClusterUnreachableException} says which address could not be reached and why.
 *
 * <p>The family: this class is the tools' one entry point and does the topic calls; {@link GroupAdmin} does
 * the group calls (to the group's coordinator, and ListOffsets to each partition's leader), {@link TransactionAdmin}
 * the transaction calls (to every broker, or to a transactional id's coordinator); {@link AdminChannel}
 * sends, waits and turns failures into one-line messages. Results are small immutable records.
 */
public final class ClusterAdmin implements AutoCloseable {
    /** Short connect timeouts, so an unreachable broker is reported in seconds rather than after a minute. */
    static final Map<String, String> CLI_DEFAULTS = Map.of(
            "socket.connection.setup.timeout.ms", "3000",
            "socket.connection.setup.timeout.max.ms", "3000",
            "request.timeout.ms", "15000",
            "reconnect.backoff.max.ms", "1000");
    /** The config key bounding every call, as kafka-clients' Admin names it. */
    static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    private static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(30);
    private static final byte TOPIC_RESOURCE = 2;
    private static final byte DEFAULT_CONFIG_SOURCE = 5;
    private static final Duration UNKNOWN_TOPIC_RETRY = Duration.ofMillis(100);

    /** Topics by name, then partitions by index: the order the tools print partitions in. */
    public static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final AdminChannel channel;
    private final GroupAdmin groups;
    private final TransactionAdmin transactions;

    private ClusterAdmin(AdminChannel channel) {
        this.channel = channel;
        this.groups = new GroupAdmin(channel);
        this.transactions = new TransactionAdmin(channel);
    }

    /**
     * Prepares to talk to the cluster at {@code bootstrapServers}; nothing connects until the first call.
     *
     * @param overrides client settings (client-core's common keys and {@code default.api.timeout.ms}) over the
     *                  command line's defaults
     * @throws io.petrel.client.ConfigException for a bad bootstrap list or setting
     */
    public static ClusterAdmin connect(String bootstrapServers, Map<String, String> overrides) {
        Map<String, Object> settings = new HashMap<>(CLI_DEFAULTS);
        settings.putAll(overrides);
        Object timeout = settings.remove(DEFAULT_API_TIMEOUT_MS);
        Duration apiTimeout = timeout == null ? DEFAULT_API_TIMEOUT : Duration.ofMillis(parseMillis(timeout));
        settings.put("bootstrap.servers", bootstrapServers);
        settings.putIfAbsent("client.id", "petrel-cli");
        ClientNetworkConfig config = ClientNetworkConfig.parse(settings);
        return new ClusterAdmin(new AdminChannel(ClientNetwork.create(config, Time.SYSTEM), bootstrapServers, apiTimeout));
    }

    private static long parseMillis(Object value) {
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new io.petrel.client.ConfigException("Invalid value '" + value + "' for " + DEFAULT_API_TIMEOUT_MS
                    + ": expected a number of milliseconds");
        }
    }

    // ---- topics ----

    /** The names of every topic, sorted; internal topics only when {@code includeInternal}. */
    public List<String> listTopics(boolean includeInternal) {
        return channel.metadata(null).topics().values().stream()
                .filter(t -> includeInternal || !t.internal())
                .map(TopicDescription::name)
                .sorted()
                .toList();
    }

    /**
     * The named topics (every topic when {@code names} is null), sorted by name, with their partitions and the
     * settings not at their defaults.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION for a named topic that does not exist
     */
    public List<TopicDescription> describeTopics(Collection<String> names) {
        AdminChannel.MetadataView view = channel.metadata(names);
        List<TopicDescription> topics = new ArrayList<>(new TreeMap<>(view.topics()).values());
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> configs = nonDefaultConfigs(topics.stream().map(TopicDescription::name).toList());
        return topics.stream().map(t -> t.withConfigs(configs.getOrDefault(t.name(), Map.of()))).toList();
    }

    /**
     * The partitions of an existing topic; never creates it. A topic reported unknown is asked for again for
     * up to {@link ClientNetworkConfig#DEFAULT_UNKNOWN_TOPIC_GRACE}: a broker learns of a topic created a moment
     * ago (by the previous command of a script) a little after the controller created it.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION if it still does not exist
     */
    public TopicDescription topic(String name) {
        long deadline = System.nanoTime() + ClientNetworkConfig.DEFAULT_UNKNOWN_TOPIC_GRACE.toNanos();
        while (true) {
            try {
                return channel.metadata(List.of(name)).topics().get(name);
            } catch (BrokerErrorException e) {
                if (e.error() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                pause(UNKNOWN_TOPIC_RETRY);
            }
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
        List<Message> configMessages = new ArrayList<>();
        configs.forEach((k, v) -> configMessages.add(Message.of(CreatableTopicConfig.SCHEMA)
                .set(CreatableTopicConfig.NAME, k).set(CreatableTopicConfig.VALUE, v)));
        Message topic = Message.of(CreatableTopic.SCHEMA)
                .set(CreatableTopic.NAME, name)
                .set(CreatableTopic.NUM_PARTITIONS, partitions)
                .set(CreatableTopic.REPLICATION_FACTOR, replicationFactor)
                .set(CreatableTopic.CONFIGS, configMessages);
        Message response = channel.sendToAny(ApiKey.CREATE_TOPICS, version -> CreateTopicsRequest.SCHEMA.newMessage()
                .set(CreateTopicsRequest.TOPICS, List.of(topic))
                .set(CreateTopicsRequest.TIMEOUT_MS, (int) channel.apiTimeout().toMillis()), "CreateTopics").body();
        for (Message result : response.get(CreateTopicsResponse.TOPICS)) {
            AdminChannel.throwIfError(result.get(CreatableTopicResult.ERROR_CODE), result.get(CreatableTopicResult.ERROR_MESSAGE),
                    "Topic '" + name + "' could not be created");
        }
    }

    /**
     * Deletes a topic.
     *
     * @throws BrokerErrorException UNKNOWN_TOPIC_OR_PARTITION if it does not exist, ...
     */
    public void deleteTopic(String name) {
        Message response = channel.sendToAny(ApiKey.DELETE_TOPICS, version -> {
            Message request = DeleteTopicsRequest.SCHEMA.newMessage().set(DeleteTopicsRequest.TIMEOUT_MS, (int) channel.apiTimeout().toMillis());
            if (version >= 6) {
                return request.set(DeleteTopicsRequest.TOPICS, List.of(Message.of(DeleteTopicState.SCHEMA)
                        .set(DeleteTopicState.NAME, name)
                        .set(DeleteTopicState.TOPIC_ID, new UUID(0L, 0L))));
            }
            return request.set(DeleteTopicsRequest.TOPIC_NAMES, List.of(name));
        }, "DeleteTopics").body();
        for (Message result : response.get(DeleteTopicsResponse.RESPONSES)) {
            AdminChannel.throwIfError(result.get(DeletableTopicResult.ERROR_CODE), result.get(DeletableTopicResult.ERROR_MESSAGE),
                    "Topic '" + name + "' could not be deleted");
        }
    }

    private Map<String, Map<String, String>> nonDefaultConfigs(List<String> topics) {
        List<Message> resources = topics.stream().map(t -> Message.of(DescribeConfigsResource.SCHEMA)
                .set(DescribeConfigsResource.RESOURCE_TYPE, TOPIC_RESOURCE)
                .set(DescribeConfigsResource.RESOURCE_NAME, t)
                .set(DescribeConfigsResource.CONFIGURATION_KEYS, null)).toList();
        Message response = channel.sendToAny(ApiKey.DESCRIBE_CONFIGS, version -> DescribeConfigsRequest.SCHEMA.newMessage()
                .set(DescribeConfigsRequest.RESOURCES, resources), "DescribeConfigs").body();
        Map<String, Map<String, String>> byTopic = new HashMap<>();
        for (Message result : response.get(DescribeConfigsResponse.RESULTS)) {
            String topic = result.get(DescribeConfigsResult.RESOURCE_NAME);
            AdminChannel.throwIfError(result.get(DescribeConfigsResult.ERROR_CODE), result.get(DescribeConfigsResult.ERROR_MESSAGE),
                    "The settings of topic '" + topic + "' could not be read");
            Map<String, String> configs = new LinkedHashMap<>();
            for (Message entry : result.get(DescribeConfigsResult.CONFIGS)) {
                if (entry.get(DescribeConfigsResourceResult.CONFIG_SOURCE) != DEFAULT_CONFIG_SOURCE) {
                    boolean sensitive = entry.get(DescribeConfigsResourceResult.IS_SENSITIVE);
                    configs.put(entry.get(DescribeConfigsResourceResult.NAME),
                            sensitive ? "[hidden]" : entry.get(DescribeConfigsResourceResult.VALUE));
                }
            }
            byTopic.put(topic, configs);
        }
        return byTopic;
    }

    // ---- groups ----

    /** Every group of every broker, sorted by id. */
    public List<GroupListing> listGroups() {
        return groups.listGroups();
    }

    /**
     * A group's state and members, with the partitions assigned to each (decoded from the consumer protocol).
     * A group the coordinator does not know is reported in state Dead, or as GROUP_ID_NOT_FOUND, as Kafka's
     * coordinator answers.
     */
    public GroupDescription describeGroup(String groupId) {
        return groups.describeGroup(groupId);
    }

    /** The offsets a group committed, by partition; partitions with nothing committed are left out. */
    public Map<TopicPartition, Long> committedOffsets(String groupId) {
        return groups.committedOffsets(groupId);
    }

    /** The log end offset (the offset the next record will get) of each partition, asked of its leader. */
    public Map<TopicPartition, Long> logEndOffsets(Collection<TopicPartition> partitions) {
        return groups.logEndOffsets(partitions);
    }

    // ---- transactions ----

    /** Every transactional id the brokers coordinate, sorted, with its coordinator, producer id and state. */
    public List<TransactionListing> listTransactions() {
        return transactions.listTransactions();
    }

    /**
     * One transactional id's state at its coordinator.
     *
     * @throws BrokerErrorException TRANSACTIONAL_ID_NOT_FOUND for an id no producer has used
     */
    public TransactionDescription describeTransaction(String transactionalId) {
        return transactions.describeTransaction(transactionalId);
    }

    @Override
    public void close() {
        channel.close();
    }
}
