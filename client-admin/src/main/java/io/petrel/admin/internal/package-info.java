/**
 * The Admin client's implementation. {@link io.petrel.admin.internal.PetrelAdmin} parses the settings
 * ({@code AdminSettings}: client-core's common keys plus default.api.timeout.ms and retries) and wires one call
 * family per file onto one {@code AdminRequests}: {@code TopicCalls} (CreateTopics, DeleteTopics,
 * CreatePartitions, Metadata), {@code ConfigCalls} (DescribeConfigs, IncrementalAlterConfigs), {@code OffsetCalls}
 * (ListOffsets, DeleteRecords to each leader), {@code ClusterCalls} (DescribeCluster) and {@code GroupCalls}
 * (ListGroups, DescribeGroups, DeleteGroups, OffsetFetch, OffsetCommit, OffsetDelete, LeaveGroup to the group's
 * coordinator, found by client-core's CoordinatorLookup; {@code ConsumerAssignment} decodes members' partitions).
 *
 * <p>{@code AdminRequests} sends over client-core's network and retries a whole attempt after transient errors
 * within default.api.timeout.ms; {@code PerResource} completes a call's per-resource futures from one response;
 * {@code PartitionsByTopic} groups partitions under their topic for the partition requests;
 * {@code AdminErrors} maps error codes to the public exceptions naming the resource.
 */
package io.petrel.admin.internal;
