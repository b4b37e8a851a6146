/**
 * The cluster administration the tools need, on Petrel's public Admin client ({@code io.petrel.admin}): no
 * protocol message is built here. {@code ClusterAdmin} is the entry point: topics (create, delete, describe with
 * the settings not at their defaults) and groups (list, describe with members' assignments, committed offsets and
 * log end offsets), each call blocking on the Admin's future and failing with a one-line exception
 * ({@code ClusterUnreachableException} when no broker answers). The tools' views are immutable records:
 * {@code TopicDescription} with its {@code PartitionDescription}s; groups are the Admin's own records. Not API:
 * may change without notice.
 */
package io.petrel.tools.internal.admin;
