/**
 * The partition assignors' shared parts and the consumer protocol's bytes. {@code AssignorResolver} turns
 * partition.assignment.strategy (Kafka's class names included) into assignor instances;
 * {@code ConsumerProtocolCodec} reads and writes the subscription and assignment bytes byte for byte as
 * kafka-clients does, so Kafka and Petrel members share a group. The sticky algorithms behind
 * {@code io.petrel.consumer.CooperativeStickyAssignor}: {@code PreviousOwnership} settles who owns what from the
 * members' claims, then {@code UniformStickyAssignment} (all members subscribe to the same topics) or
 * {@code GeneralStickyAssignment} (they do not) balance while keeping owned partitions, and
 * {@code CooperativeHandover} holds back partitions that must be revoked first; {@code CooperativeStickyUserData}
 * is the generation that protocol carries. Not API: may change without notice.
 */
package io.petrel.consumer.internal.assignor;
