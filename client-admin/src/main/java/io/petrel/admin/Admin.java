package io.petrel.admin;

import io.petrel.admin.internal.PetrelAdmin;
import io.petrel.client.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Petrel's Admin client: Kafka's Admin calls, with Kafka's method names, each returning at once with
 * CompletableFutures; calls on several resources return a {@link ResourceResults} with one future per resource.
 *
 * <p>A future fails with a {@link io.petrel.client.BrokerErrorException} naming the resource and the broker's
 * error ({@link TopicExistsException}, {@link UnknownTopicOrPartitionException},
 * {@link InvalidConfigurationException}, {@link GroupNotEmptyException}, ... for the common ones), a
 * {@link io.petrel.client.TimeoutException} after {@code default.api.timeout.ms}, or a
 * {@link io.petrel.client.UnsupportedVersionException} when the broker does not serve the API. Thread-safe;
 * close it when done.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:9092"))) {
 *     admin.createTopics(List.of(new NewTopic("orders", 6, (short) 1))).all().get();
 * }
 * }</pre>
 */
public interface Admin extends AutoCloseable {

    /**
     * An Admin client for the cluster these settings ({@link AdminConfig}) name; nothing connects until the first call.
     *
     * @throws io.petrel.client.ConfigException for an unknown key or a bad value
     */
    static Admin create(Map<String, ?> settings) {
        return PetrelAdmin.create(settings);
    }

    /** As {@link #create(Map)}, from Properties. */
    static Admin create(Properties settings) {
        Map<String, Object> map = new java.util.HashMap<>();
        settings.stringPropertyNames().forEach(k -> map.put(k, settings.getProperty(k)));
        return create(map);
    }

    // ---- topics ----

    /** Creates topics; each future fails on its own (TopicExistsException, InvalidConfigurationException, ...). */
    default ResourceResults<String, Void> createTopics(Collection<NewTopic> topics) {
        return createTopics(topics, CreateTopicsOptions.defaults());
    }

    /** Creates topics, or with {@code validateOnly} only checks that they could be created. */
    ResourceResults<String, Void> createTopics(Collection<NewTopic> topics, CreateTopicsOptions options);

    /** Deletes topics; a missing one fails with UnknownTopicOrPartitionException. */
    ResourceResults<String, Void> deleteTopics(Collection<String> topics);

    /** Every topic but internal ones, by name. */
    default CompletableFuture<Map<String, TopicListing>> listTopics() {
        return listTopics(false);
    }

    /** Every topic by name, internal ones ({@code __consumer_offsets}) too when {@code listInternal}. */
    CompletableFuture<Map<String, TopicListing>> listTopics(boolean listInternal);

    /** The topics' partitions, leaders and replicas; a missing one fails with UnknownTopicOrPartitionException. */
    ResourceResults<String, TopicDescription> describeTopics(Collection<String> topics);

    /** Adds partitions to existing topics (InvalidPartitionsException when the count does not grow). */
    ResourceResults<String, Void> createPartitions(Map<String, NewPartitions> newPartitions);

    // ---- configs ----

    /** The configs of topics and brokers, every one with its value and source. */
    ResourceResults<ConfigResource, Config> describeConfigs(Collection<ConfigResource> resources);

    /** Sets, deletes, appends to or subtracts from configs; a bad name or value fails with InvalidConfigurationException. */
    ResourceResults<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs);

    // ---- offsets and records ----

    /** The earliest, latest, max-timestamp or by-timestamp offsets of partitions, asked of each leader. */
    ResourceResults<TopicPartition, ListOffsetsResultInfo> listOffsets(Map<TopicPartition, OffsetSpec> offsets);

    /** Deletes every record before an offset: the partition's log start offset moves there. */
    ResourceResults<TopicPartition, DeletedRecords> deleteRecords(Map<TopicPartition, RecordsToDelete> records);

    // ---- cluster ----

    /** The cluster id, controller and brokers. */
    CompletableFuture<ClusterDescription> describeCluster();

    // ---- groups ----

    /** Every group of every broker, sorted by id, each with its type (classic, consumer...) where the broker says. */
    CompletableFuture<Collection<GroupListing>> listGroups();

    /** The consumer groups of every broker (groups of protocol type "consumer", or holding offsets only). */
    CompletableFuture<Collection<GroupListing>> listConsumerGroups();

    /**
     * The groups' types, states, assignors and members with their assigned partitions; for a group of Kafka 4's
     * consumer group protocol also its epochs and each member's epoch and target assignment. As Kafka's Admin does,
     * ConsumerGroupDescribe is asked first where the broker offers it, and DescribeGroups for a group it says is
     * not a consumer group (a classic group) or when it does not offer it.
     */
    ResourceResults<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds);

    /** Deletes empty groups with their offsets: GroupNotEmptyException while one has members, GroupIdNotFoundException. */
    ResourceResults<String, Void> deleteConsumerGroups(Collection<String> groupIds);

    /** The offsets a group committed, by partition; partitions without a committed offset are left out. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId);

    /** Commits offsets for a group that has no active members (a running group refuses with UNKNOWN_MEMBER_ID). */
    ResourceResults<TopicPartition, Void> alterConsumerGroupOffsets(String groupId,
                                                                    Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Deletes a group's committed offsets of partitions its members do not consume. */
    ResourceResults<TopicPartition, Void> deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions);

    /**
     * Removes members from a group: the static members with these {@code group.instance.id}s, or every member when
     * {@code groupInstanceIds} is empty. Each future is named by the instance id; when removing every member, the one
     * future is named by the group id. As kafka-clients' Admin: one LeaveGroup names static members by instance id
     * and dynamic ones by member id, with the reason "member was removed by an admin"; on a consumer-protocol group
     * (KIP-848) Kafka 4 fences those members. An instance id no member has fails with UnknownMemberIdException.
     */
    ResourceResults<String, Void> removeMembersFromConsumerGroup(String groupId, Collection<String> groupInstanceIds);

    /**
     * Every transactional id the brokers coordinate (ListTransactions on each broker, as kafka-transactions
     * {@code --list} does), sorted by id.
     */
    CompletableFuture<Collection<TransactionListing>> listTransactions();

    /**
     * Each transactional id's state at its coordinator (FindCoordinator, then DescribeTransactions); an id no
     * producer has used fails its future with a {@link io.petrel.client.BrokerErrorException} carrying
     * TRANSACTIONAL_ID_NOT_FOUND.
     */
    ResourceResults<String, TransactionDescription> describeTransactions(Collection<String> transactionalIds);

    /**
     * The cluster's feature versioning (KIP-584), as {@code kafka-features describe} shows it: the levels finalized
     * for the cluster, their epoch, and the features the answering broker supports (an ApiVersions request to any
     * broker, as Kafka's Admin sends).
     */
    CompletableFuture<FeatureMetadata> describeFeatures();

    /**
     * Finalizes features at new levels ({@code kafka-features upgrade|downgrade|disable}); the cluster applies all
     * of them or none. Each future is named by the feature; a refused update fails every future with an
     * {@link InvalidUpdateVersionException} carrying the broker's message, and a principal without ALTER on the
     * cluster gets a {@link io.petrel.client.ClusterAuthorizationException}.
     *
     * @throws IllegalArgumentException when {@code featureUpdates} is empty
     */
    ResourceResults<String, Void> updateFeatures(Map<String, FeatureUpdate> featureUpdates, UpdateFeaturesOptions options);

    /** {@link #updateFeatures(Map, UpdateFeaturesOptions)} with {@link UpdateFeaturesOptions#defaults()}. */
    default ResourceResults<String, Void> updateFeatures(Map<String, FeatureUpdate> featureUpdates) {
        return updateFeatures(featureUpdates, UpdateFeaturesOptions.defaults());
    }

    /** Closes every connection; calls still running fail. */
    @Override
    void close();
}
