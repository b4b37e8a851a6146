/**
 * The client's cluster metadata cache behind {@code io.petrel.client.internal.ClusterMetadata}.
 * {@code RefreshingClusterMetadata} fetches only the topics in use, one Metadata request at a time
 * ({@code MetadataRequestBuilder}), reads each response into a {@code MetadataUpdate}
 * ({@code MetadataResponseParser}) and applies it to an immutable {@code MetadataSnapshot} of brokers and
 * {@code TopicMetadata}, so reads never lock; futures for topics not known yet wait in {@code TopicWaiters}.
 * Not API: may change without notice.
 */
package io.petrel.client.internal.metadata;
