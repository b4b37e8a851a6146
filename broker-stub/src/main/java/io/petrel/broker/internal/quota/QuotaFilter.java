package io.petrel.broker.internal.quota;

import io.petrel.protocol.ErrorCode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DescribeClientQuotas filter as Kafka applies it: components matching an exact name (match type 0), the default
 * (1), or any name of the type, the default included (2); a strict filter also excludes entities with types it does
 * not name.
 */
final class QuotaFilter {
    static final byte MATCH_EXACT = 0;
    static final byte MATCH_DEFAULT = 1;
    static final byte MATCH_ANY = 2;

    /** One filter component as the request carries it. */
    record Component(String entityType, byte matchType, String match) {
    }

    /** A filter Kafka refuses, with its error. */
    static final class InvalidFilterException extends Exception {
        private final transient QuotaError error;

        InvalidFilterException(ErrorCode code, String message) {
            super(message);
            this.error = new QuotaError(code, message);
        }

        QuotaError error() {
            return error;
        }
    }

    /** Entity type to the name it must have (null: the default). */
    private final Map<String, String> exact;
    private final Set<String> any;
    private final boolean strict;

    private QuotaFilter(Map<String, String> exact, Set<String> any, boolean strict) {
        this.exact = exact;
        this.any = any;
        this.strict = strict;
    }

    /** Checks the components in Kafka's order and with its errors. */
    static QuotaFilter of(List<Component> components, boolean strict) throws InvalidFilterException {
        Map<String, String> exact = new HashMap<>();
        Set<String> any = new HashSet<>();
        for (Component c : components) {
            String type = c.entityType();
            if (type.isEmpty()) {
                throw new InvalidFilterException(ErrorCode.INVALID_REQUEST, "Invalid empty entity type.");
            }
            if (exact.containsKey(type) || any.contains(type)) {
                throw new InvalidFilterException(ErrorCode.INVALID_REQUEST,
                        "Entity type " + type + " cannot appear more than once in the filter.");
            }
            if (!type.equals(QuotaEntity.IP) && !type.equals(QuotaEntity.USER) && !type.equals(QuotaEntity.CLIENT_ID)) {
                throw new InvalidFilterException(ErrorCode.UNSUPPORTED_VERSION, "Unsupported entity type " + type);
            }
            switch (c.matchType()) {
                case MATCH_EXACT -> {
                    if (c.match() == null) {
                        throw new InvalidFilterException(ErrorCode.INVALID_REQUEST,
                                "Request specified MATCH_TYPE_EXACT, but set match string to null.");
                    }
                    exact.put(type, c.match());
                }
                case MATCH_DEFAULT -> {
                    if (c.match() != null) {
                        throw new InvalidFilterException(ErrorCode.INVALID_REQUEST,
                                "Request specified MATCH_TYPE_DEFAULT, but also specified a match string.");
                    }
                    exact.put(type, null);
                }
                case MATCH_ANY -> {
                    if (c.match() != null) {
                        throw new InvalidFilterException(ErrorCode.INVALID_REQUEST,
                                "Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.");
                    }
                    any.add(type);
                }
                default -> throw new InvalidFilterException(ErrorCode.INVALID_REQUEST, "Unknown match type " + c.matchType());
            }
        }
        boolean hasIp = exact.containsKey(QuotaEntity.IP) || any.contains(QuotaEntity.IP);
        boolean hasClient = exact.containsKey(QuotaEntity.USER) || any.contains(QuotaEntity.USER)
                || exact.containsKey(QuotaEntity.CLIENT_ID) || any.contains(QuotaEntity.CLIENT_ID);
        if (hasIp && hasClient) {
            throw new InvalidFilterException(ErrorCode.INVALID_REQUEST, "Invalid entity filter component combination. "
                    + "IP filter component should not be used with user or clientId filter component.");
        }
        return new QuotaFilter(exact, any, strict);
    }

    boolean matches(QuotaEntity entity) {
        if (strict && entity.components().size() != exact.size() + any.size()) {
            return false;
        }
        for (Map.Entry<String, String> wanted : exact.entrySet()) {
            boolean found = entity.component(wanted.getKey())
                    .filter(c -> java.util.Objects.equals(c.name(), wanted.getValue())).isPresent();
            if (!found) {
                return false;
            }
        }
        return any.stream().allMatch(type -> entity.component(type).isPresent());
    }
}
