/**
 * The cluster administration the tools need, spoken directly in Kafka's protocol (there is no admin client yet).
 * {@code ClusterAdmin} is the entry point: topics (create, delete, describe with configs) and, through
 * {@code GroupAdmin}, groups (list, describe with members' assignments, committed offsets and log end offsets).
 * Every request goes through {@code AdminChannel}, which sends over client-core's network within
 * default.api.timeout.ms and turns failures into one-line exceptions ({@code ClusterUnreachableException} when no
 * broker answers). Answers are immutable records: {@code TopicDescription} with its {@code PartitionDescription}s,
 * {@code GroupListing}, {@code GroupDescription} with its {@code MemberDescription}s. Not API: may change without
 * notice.
 */
package io.petrel.tools.internal.admin;
