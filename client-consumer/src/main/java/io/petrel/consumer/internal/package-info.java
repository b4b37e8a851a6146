/**
 * The consumer's machinery behind {@code io.petrel.consumer.Consumer}; {@code PetrelConsumer} wires it and runs
 * the application-thread side of poll.
 *
 * <p>Two threads share the work. The network's I/O thread runs the {@code Fetcher}, which keeps one Fetch in
 * flight per broker and buffers each partition's {@code CompletedFetch}es in its {@code PartitionState}, held by
 * the {@code SubscriptionState} (what is assigned or subscribed, under one short-held lock). The application
 * thread, inside poll, keeps the group going ({@code GroupMembership}: JoinGroup/SyncGroup {@code RebalanceRound}s
 * through the {@code CoordinatorLink} and the rebalance callbacks, moving the {@code MemberState}, with a
 * {@code PatternSubscription} for a pattern's topics; a {@code HeartbeatThread} of its own heartbeats and watches
 * max.poll.interval.ms), commits and fetches committed offsets
 * ({@code OffsetCommitter}), resets positions ({@code OffsetLookup}), lists topics for a pattern
 * ({@code TopicListing}), then decodes buffered data into records ({@code FetchCollector}, calling the
 * deserializers through {@code DeserializerCall}); between these it waits on the {@code ConsumerSignal} that
 * responses and wakeup() trip. {@code ConsumerSettings} parses the settings once; {@code ConsumerMetrics} counts
 * under Kafka's metric names. Not API: may change without notice.
 */
package io.petrel.consumer.internal;
