package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;

import java.util.Collection;
import java.util.List;

/**
 * Checks a parsed value of a setting and throws a {@link ConfigException} naming the key, the value
 * and what is accepted. Standard validators are the static factories here.
 */
public interface ConfigValidator {

    /** Accepts the parsed, non-null {@code value} of {@code key} or throws a ConfigException. */
    void ensureValid(String key, Object value);

    /** What this validator accepts, e.g. "at least 0", for documentation. */
    String describe();

    /** Accepts every value. */
    ConfigValidator ANY = new ConfigValidator() {
        @Override
        public void ensureValid(String key, Object value) {
        }

        @Override
        public String describe() {
            return "any value";
        }
    };

    /** The message Kafka uses for a bad value: "Invalid value V for configuration K: REASON". */
    static ConfigException invalid(String key, Object value, String reason) {
        return new ConfigException("Invalid value " + value + " for configuration " + key + ": " + reason);
    }

    /** A number no smaller than {@code min}. */
    static ConfigValidator atLeast(Number min) {
        return of("must be at least " + min, v -> ((Number) v).doubleValue() >= min.doubleValue());
    }

    /** A number in {@code [min, max]}. */
    static ConfigValidator between(Number min, Number max) {
        return of("must be between " + min + " and " + max + " inclusive",
                v -> ((Number) v).doubleValue() >= min.doubleValue() && ((Number) v).doubleValue() <= max.doubleValue());
    }

    /** One of these strings exactly. */
    static ConfigValidator oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return of("must be one of " + values, values::contains);
    }

    /** One of these strings in any letter case. */
    static ConfigValidator oneOfIgnoreCase(String... allowed) {
        List<String> values = List.of(allowed);
        return of("must be one of " + values + " (any case)",
                v -> values.stream().anyMatch(a -> a.equalsIgnoreCase(v.toString())));
    }

    /** A list with at least one entry. */
    static ConfigValidator nonEmptyList() {
        return of("must be a non-empty list", v -> !((Collection<?>) v).isEmpty());
    }

    /** A non-empty string. */
    static ConfigValidator nonEmptyString() {
        return of("must not be empty", v -> !v.toString().isEmpty());
    }

    /** A validator that accepts what {@code test} accepts and otherwise explains with {@code requirement}. */
    static ConfigValidator of(String requirement, java.util.function.Predicate<Object> test) {
        return new ConfigValidator() {
            @Override
            public void ensureValid(String key, Object value) {
                if (!test.test(value)) {
                    throw invalid(key, value, requirement);
                }
            }

            @Override
            public String describe() {
                return requirement;
            }
        };
    }

    /** A validator described by {@code description} that runs {@code check}, which throws its own ConfigException. */
    static ConfigValidator checking(String description, java.util.function.BiConsumer<String, Object> check) {
        return new ConfigValidator() {
            @Override
            public void ensureValid(String key, Object value) {
                check.accept(key, value);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** This validator, then {@code next}. */
    default ConfigValidator and(ConfigValidator next) {
        ConfigValidator first = this;
        return new ConfigValidator() {
            @Override
            public void ensureValid(String key, Object value) {
                first.ensureValid(key, value);
                next.ensureValid(key, value);
            }

            @Override
            public String describe() {
                return first.describe() + "; " + next.describe();
            }
        };
    }
}
