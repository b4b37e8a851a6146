/**
 * Kafka's feature versioning (KIP-584, KIP-778) as a single KRaft node serves it: the features this broker
 * supports ({@code SupportedFeatures}), the levels finalized for the cluster and their epoch ({@code FinalizedFeatures},
 * kept in the data directory by {@code FinalizedFeatureFile}), Kafka's rules for changing them
 * ({@code FeatureUpdateRules}), the UpdateFeatures API ({@code UpdateFeaturesHandler}) and the behaviour a finalized
 * level switches ({@code ConsumerGroupProtocolGate}; transaction.version is read by the transaction handlers).
 * ApiVersions reports both lists, which is what Kafka's Admin {@code describeFeatures} reads. Not API: may change
 * without notice.
 */
package io.petrel.broker.internal.feature;
