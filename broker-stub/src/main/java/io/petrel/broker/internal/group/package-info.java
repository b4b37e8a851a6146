/**
 * The group coordinator for Kafka's classic group protocol and for the consumer group protocol (KIP-848), and where
 * committed offsets are kept.
 *
 * <p>{@code GroupCoordinator} owns one lock over all group state and exposes one {@code RequestHandler} per API
 * it serves: {@code FindCoordinatorHandler}, {@code JoinGroupHandler}, {@code SyncGroupHandler},
 * {@code HeartbeatHandler}, {@code LeaveGroupHandler}, {@code DescribeGroupsHandler} and
 * {@code ListGroupsHandler} run against {@code ClassicGroups}, the state machine that moves each
 * {@code ClassicGroup} (its {@code GroupMember}s) through the {@code GroupState}s and fires session and
 * rebalance deadlines, measured on a monotonic clock, on {@code tick}. {@code OffsetCommitHandler} and
 * {@code OffsetFetchHandler} serve offsets from the {@code OffsetsAndMembershipStore}, which appends every change
 * (commits, groups, memberships, deleted topics) to the {@code OffsetsAndMembershipJournal} before applying it,
 * so offsets and each group's last settled membership ({@code GroupSnapshot}) survive a restart.
 * {@code DeleteGroupsHandler} and {@code OffsetDeleteHandler} delete Empty groups and offsets (a live consumer
 * group's subscribed topics, read by {@code GroupSubscriptions}, excepted), and {@code GroupCoordinator#expireOffsets}
 * applies offsets.retention.minutes, each journaled like a commit.
 * Consumer-protocol groups: {@code ConsumerGroupHeartbeatHandler} and {@code ConsumerGroupDescribeHandler} run against
 * {@code ConsumerGroups}, the state machine over each {@code ConsumerGroup} (its {@code ConsumerGroupMember}s, group
 * and target assignment epochs, {@code ConsumerGroupState}); a {@code ServerAssignor} ({@code UniformAssignor},
 * {@code RangeAssignor}) computes the target assignment and {@code MemberReconciliation} moves each member toward it
 * ({@code MemberReconciliationState}); each group is journaled as a {@code ConsumerGroupSnapshot}
 * ({@code ConsumerGroupRecord}'s bytes).
 * {@code TopicIdsAndPartitions} is what the coordinator may ask of the broker's topics. Not API: may change
 * without notice.
 */
package io.petrel.broker.internal.group;
