package io.petrel.consumer;

import java.util.Objects;

/**
 * A regular expression in RE2J syntax (Google's RE2, as Kafka 4 uses) naming the topics to subscribe to, for
 * {@link Consumer#subscribe(SubscriptionPattern)}: the broker evaluates it, so every member of the group sees
 * the same matches and new topics are picked up by the broker. Only group.protocol=consumer sends it; a
 * pattern the broker cannot compile makes poll throw INVALID_REGULAR_EXPRESSION.
 *
 * @param pattern the expression, not blank
 */
public record SubscriptionPattern(String pattern) {
    public SubscriptionPattern {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("Topic pattern to subscribe to cannot be empty");
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
