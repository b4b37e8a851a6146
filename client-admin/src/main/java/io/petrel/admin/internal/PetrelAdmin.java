package io.petrel.admin.internal;

import io.petrel.admin.Admin;
import io.petrel.admin.AlterConfigOp;
import io.petrel.admin.ClusterDescription;
import io.petrel.admin.Config;
import io.petrel.admin.ConfigResource;
import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.CreateTopicsOptions;
import io.petrel.admin.DeletedRecords;
import io.petrel.admin.FeatureMetadata;
import io.petrel.admin.FeatureUpdate;
import io.petrel.admin.GroupListing;
import io.petrel.admin.ListOffsetsResultInfo;
import io.petrel.admin.NewPartitions;
import io.petrel.admin.NewTopic;
import io.petrel.admin.OffsetAndMetadata;
import io.petrel.admin.OffsetSpec;
import io.petrel.admin.RecordsToDelete;
import io.petrel.admin.ResourceResults;
import io.petrel.admin.TopicDescription;
import io.petrel.admin.TopicListing;
import io.petrel.admin.TransactionDescription;
import io.petrel.admin.TransactionListing;
import io.petrel.admin.UpdateFeaturesOptions;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Admin client: parses the settings, opens client-core's network and hands each call to its family
 * (topics, configs, offsets and records, cluster, groups, transactions), all sharing one {@link AdminRequests}.
 */
public final class PetrelAdmin implements Admin {
    private final AdminRequests requests;
    private final TopicCalls topics;
    private final ConfigCalls configs;
    private final OffsetCalls offsets;
    private final ClusterCalls cluster;
    private final GroupCalls groups;
    private final TransactionCalls transactions;
    private final FeatureCalls features;

    PetrelAdmin(ClientNetwork network, AdminSettings settings, Time time) {
        this.requests = new AdminRequests(network, settings, time);
        this.topics = new TopicCalls(requests);
        this.configs = new ConfigCalls(requests);
        this.offsets = new OffsetCalls(requests);
        this.cluster = new ClusterCalls(requests);
        this.features = new FeatureCalls(requests);
        this.groups = new GroupCalls(requests);
        this.transactions = new TransactionCalls(requests);
    }

    /**
     * An Admin client over a new network for these settings.
     *
     * @throws io.petrel.client.ConfigException for an unknown key or a bad value
     */
    public static Admin create(Map<String, ?> raw) {
        AdminSettings settings = AdminSettings.from(raw);
        return new PetrelAdmin(ClientNetwork.create(settings.network(), Time.SYSTEM), settings, Time.SYSTEM);
    }

    @Override
    public ResourceResults<String, Void> createTopics(Collection<NewTopic> newTopics, CreateTopicsOptions options) {
        return topics.createTopics(newTopics, options);
    }

    @Override
    public ResourceResults<String, Void> deleteTopics(Collection<String> names) {
        return topics.deleteTopics(names);
    }

    @Override
    public CompletableFuture<Map<String, TopicListing>> listTopics(boolean listInternal) {
        return topics.listTopics(listInternal);
    }

    @Override
    public ResourceResults<String, TopicDescription> describeTopics(Collection<String> names) {
        return topics.describeTopics(names);
    }

    @Override
    public ResourceResults<String, Void> createPartitions(Map<String, NewPartitions> newPartitions) {
        return topics.createPartitions(newPartitions);
    }

    @Override
    public ResourceResults<ConfigResource, Config> describeConfigs(Collection<ConfigResource> resources) {
        return configs.describeConfigs(resources);
    }

    @Override
    public ResourceResults<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> alterations) {
        return configs.incrementalAlterConfigs(alterations);
    }

    @Override
    public ResourceResults<TopicPartition, ListOffsetsResultInfo> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        return offsets.listOffsets(specs);
    }

    @Override
    public ResourceResults<TopicPartition, DeletedRecords> deleteRecords(Map<TopicPartition, RecordsToDelete> records) {
        return offsets.deleteRecords(records);
    }

    @Override
    public CompletableFuture<ClusterDescription> describeCluster() {
        return cluster.describeCluster();
    }

    @Override
    public CompletableFuture<FeatureMetadata> describeFeatures() {
        return features.describeFeatures();
    }

    @Override
    public ResourceResults<String, Void> updateFeatures(Map<String, FeatureUpdate> featureUpdates,
                                                       UpdateFeaturesOptions options) {
        return features.updateFeatures(featureUpdates, options);
    }

    @Override
    public CompletableFuture<Collection<GroupListing>> listGroups() {
        return groups.listGroups();
    }

    @Override
    public CompletableFuture<Collection<GroupListing>> listConsumerGroups() {
        return groups.listConsumerGroups();
    }

    @Override
    public ResourceResults<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds) {
        return groups.describeConsumerGroups(groupIds);
    }

    @Override
    public ResourceResults<String, Void> deleteConsumerGroups(Collection<String> groupIds) {
        return groups.deleteConsumerGroups(groupIds);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String groupId) {
        return groups.listConsumerGroupOffsets(groupId);
    }

    @Override
    public ResourceResults<TopicPartition, Void> alterConsumerGroupOffsets(String groupId,
                                                                           Map<TopicPartition, OffsetAndMetadata> committed) {
        return groups.alterConsumerGroupOffsets(groupId, committed);
    }

    @Override
    public ResourceResults<TopicPartition, Void> deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        return groups.deleteConsumerGroupOffsets(groupId, partitions);
    }

    @Override
    public ResourceResults<String, Void> removeMembersFromConsumerGroup(String groupId, Collection<String> groupInstanceIds) {
        return groups.removeMembersFromConsumerGroup(groupId, groupInstanceIds);
    }

    @Override
    public CompletableFuture<Collection<TransactionListing>> listTransactions() {
        return transactions.listTransactions();
    }

    @Override
    public ResourceResults<String, TransactionDescription> describeTransactions(Collection<String> transactionalIds) {
        return transactions.describeTransactions(transactionalIds);
    }

    @Override
    public void close() {
        requests.close();
    }
}
