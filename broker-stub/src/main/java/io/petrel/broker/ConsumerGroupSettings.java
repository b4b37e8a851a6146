package io.petrel.broker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The broker's settings for consumer-protocol groups (KIP-848, {@code group.protocol=consumer}), with Apache Kafka
 * 4.x's defaults.
 *
 * @param heartbeatInterval {@code group.consumer.heartbeat.interval.ms}: how often members are told to heartbeat (5 s)
 * @param sessionTimeout    {@code group.consumer.session.timeout.ms}: a member not heard from this long is removed (45 s)
 * @param maxSize           {@code group.consumer.max.size}: the most members a group may have (no limit by default)
 * @param assignors         {@code group.consumer.assignors}: the server-side assignors offered, the first the default
 *                          ({@code uniform, range})
 * @param migrationPolicy   {@code group.consumer.migration.policy}: whether classic and consumer groups convert into
 *                          each other while they have members ({@code bidirectional}, {@code upgrade},
 *                          {@code downgrade}, {@code disabled}): a classic group with members is upgraded when a
 *                          consumer-protocol member joins it, and a consumer group whose last consumer-protocol member
 *                          leaves is downgraded, as Kafka 4.x does (empty groups always convert)
 */
public record ConsumerGroupSettings(Duration heartbeatInterval, Duration sessionTimeout, int maxSize,
                                    List<String> assignors, String migrationPolicy) {
    private static final Set<String> KNOWN_ASSIGNORS = Set.of("uniform", "range");
    private static final Set<String> POLICIES = Set.of("bidirectional", "upgrade", "downgrade", "disabled");

    public ConsumerGroupSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        assignors = List.copyOf(assignors);
        if (heartbeatInterval.toMillis() < 1 || heartbeatInterval.toMillis() >= sessionTimeout.toMillis()) {
            throw new IllegalArgumentException("group.consumer.heartbeat.interval.ms " + heartbeatInterval.toMillis()
                    + " must be at least 1 and below group.consumer.session.timeout.ms " + sessionTimeout.toMillis());
        }
        if (sessionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("group.consumer.session.timeout.ms " + sessionTimeout.toMillis()
                    + " must be at most " + Integer.MAX_VALUE);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.consumer.max.size " + maxSize + " must be at least 1");
        }
        if (assignors.isEmpty() || !KNOWN_ASSIGNORS.containsAll(assignors)) {
            throw new IllegalArgumentException("group.consumer.assignors " + assignors
                    + " must name one or more of uniform, range");
        }
        migrationPolicy = Objects.requireNonNull(migrationPolicy, "migrationPolicy").toLowerCase(Locale.ROOT);
        if (!POLICIES.contains(migrationPolicy)) {
            throw new IllegalArgumentException("group.consumer.migration.policy " + migrationPolicy
                    + " must be one of bidirectional, upgrade, downgrade, disabled");
        }
    }

    /** Kafka 4.x's defaults. */
    public static ConsumerGroupSettings defaults() {
        return new ConsumerGroupSettings(Duration.ofSeconds(5), Duration.ofSeconds(45), Integer.MAX_VALUE,
                List.of("uniform", "range"), "bidirectional");
    }

    public ConsumerGroupSettings withHeartbeatInterval(Duration interval) {
        return new ConsumerGroupSettings(interval, sessionTimeout, maxSize, assignors, migrationPolicy);
    }

    public ConsumerGroupSettings withSessionTimeout(Duration timeout) {
        return new ConsumerGroupSettings(heartbeatInterval, timeout, maxSize, assignors, migrationPolicy);
    }

    public ConsumerGroupSettings withMaxSize(int size) {
        return new ConsumerGroupSettings(heartbeatInterval, sessionTimeout, size, assignors, migrationPolicy);
    }

    public ConsumerGroupSettings withAssignors(List<String> names) {
        return new ConsumerGroupSettings(heartbeatInterval, sessionTimeout, maxSize, names, migrationPolicy);
    }

    /** Whether a classic group with members becomes a consumer group when a consumer-protocol member joins. */
    public boolean upgradeEnabled() {
        return migrationPolicy.equals("bidirectional") || migrationPolicy.equals("upgrade");
    }

    /** Whether a consumer group left with only classic members becomes a classic group again. */
    public boolean downgradeEnabled() {
        return migrationPolicy.equals("bidirectional") || migrationPolicy.equals("downgrade");
    }

    public ConsumerGroupSettings withMigrationPolicy(String policy) {
        return new ConsumerGroupSettings(heartbeatInterval, sessionTimeout, maxSize, assignors, policy);
    }
}
