package io.petrel.consumer.internal;

import io.petrel.client.PartitionInfo;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.config.CommonClientConfigs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The topics a pattern subscription stands for. The metadata cache tracks only topics in use, so every
 * metadata.max.age.ms (at most every 5 s) all topics of the cluster are listed ({@link TopicListing}) and
 * matched against the pattern. When the matches change, the subscription takes them, their metadata is
 * fetched and the member rejoins (classic; with the consumer protocol the next heartbeat carries the new topic
 * names), so the new set is assigned. A failed listing is tried again at the
 * next refresh; until a first listing has matched, the member does not join.
 *
 * <p>Application thread only: the listing's completion just signals the poll loop, which reads it here.
 */
final class PatternSubscription {
    private static final long MAX_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ConsumerSettings settings;
    private final TopicListing listing;
    private final SubscriptionState subscriptions;
    private final ClusterMetadata metadata;
    private final Consumer<String> rejoin;
    private final ConsumerSignal signal;

    private CompletableFuture<Map<String, List<PartitionInfo>>> inFlight;
    private long nextRefreshNanos;
    private boolean matched;

    PatternSubscription(ConsumerSettings settings, TopicListing listing, SubscriptionState subscriptions,
                        ClusterMetadata metadata, Consumer<String> rejoin, ConsumerSignal signal) {
        this.settings = settings;
        this.listing = listing;
        this.subscriptions = subscriptions;
        this.metadata = metadata;
        this.rejoin = rejoin;
        this.signal = signal;
    }

    /** The subscription changed: list and match again at the next poll, forgetting a listing under way. */
    void subscriptionChanged() {
        nextRefreshNanos = 0;
        inFlight = null;
    }

    /** Lists and matches when a refresh is due; returns whether the pattern has been matched at least once. */
    boolean refresh(long now) {
        if (inFlight == null && now - nextRefreshNanos >= 0) {
            inFlight = listing.list(settings.excludeInternalTopics());
            inFlight.whenComplete((r, e) -> signal.signal());
        }
        if (inFlight != null && inFlight.isDone()) {
            CompletableFuture<Map<String, List<PartitionInfo>>> done = inFlight;
            inFlight = null;
            nextRefreshNanos = now + Math.min(MAX_REFRESH_NANOS,
                    TimeUnit.MILLISECONDS.toNanos(settings.values().get(CommonClientConfigs.METADATA_MAX_AGE_MS)));
            if (!done.isCompletedExceptionally()) {
                match(done.join().keySet());
                matched = true;
            }
        }
        return matched;
    }

    private void match(Set<String> topics) {
        Pattern pattern = subscriptions.pattern();
        Set<String> matches = new LinkedHashSet<>();
        topics.forEach(t -> {
            if (pattern != null && pattern.matcher(t).matches()) {
                matches.add(t);
            }
        });
        if (subscriptions.setPatternTopics(matches)) {
            matches.forEach(metadata::awaitTopic);
            rejoin.accept("the topics matching " + pattern + " changed to " + matches);
        }
    }
}
