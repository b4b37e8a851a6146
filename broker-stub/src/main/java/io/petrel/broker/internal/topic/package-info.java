/**
 * The broker's topics. {@code TopicRegistry} holds each {@code Topic} (an immutable snapshot: name, id,
 * partition count, config overrides, effective {@code io.petrel.broker.LogConfig}) with its partition logs, and
 * keeps the list on disk in a {@code TopicMetadataFile}, so a restarted broker finds them again.
 * {@code TopicNames} holds Kafka's naming rules, {@code TopicConfigDefinitions} every Kafka topic config with its
 * default and checks; a described config is a {@code ConfigEntry} with its {@code ConfigSource},
 * {@code DescribedConfigType} and {@code ConfigSynonym}s. A refused operation is a {@code TopicException}
 * carrying the Kafka error code. {@code RegisteredTopicIdsAndPartitions} is the group coordinator's live view
 * of the registry.
 * Not API: may change without notice.
 */
package io.petrel.broker.internal.topic;
