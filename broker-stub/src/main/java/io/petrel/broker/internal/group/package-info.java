/**
 * The group coordinator for Kafka's classic group protocol, and where committed offsets are kept.
 *
 * <p>{@code GroupCoordinator} owns one lock over all group state and exposes the handlers: {@code MembershipApis}
 * decodes FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups and ListGroups and runs
 * them against {@code ClassicGroups}, the state machine that moves each {@code ClassicGroup} (its
 * {@code GroupMember}s) through the {@code GroupState}s and fires session and rebalance deadlines on
 * {@code tick}. {@code OffsetApis} serves OffsetCommit and OffsetFetch against the {@code OffsetStore}, which
 * appends every change to the {@code OffsetJournal} before applying it, so offsets and each group's last settled
 * membership ({@code GroupSnapshot}) survive a restart. {@code TopicCatalog} is what the coordinator may ask of
 * the broker's topics. Not API: may change without notice.
 */
package io.petrel.broker.internal.group;
