package io.petrel.broker.internal.quota;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's checks on an AlterClientQuotas entry (its controller's, in the order it makes them, with its messages):
 * the entity (non-empty, known types, each once, no empty name), the combination (ip alone), then each value set
 * (a key the entity takes, greater than 0, integral and in range for integral keys). Removing a key is not checked.
 */
final class QuotaAlterationRules {
    private static final double FRACTION_TOLERANCE = 1e-6;

    private QuotaAlterationRules() {
    }

    /** Why this entity cannot carry quotas, or empty. */
    static Optional<QuotaError> entityError(List<QuotaEntity.Component> components) {
        if (components.isEmpty()) {
            return Optional.of(QuotaError.invalid("Invalid empty client quota entity"));
        }
        Set<String> seen = new HashSet<>();
        for (QuotaEntity.Component c : components) {
            if (!seen.add(c.type())) {
                return Optional.of(QuotaError.invalid("Invalid client quota entity, duplicate entity entry " + c.type()));
            }
            if (!c.type().equals(QuotaEntity.USER) && !c.type().equals(QuotaEntity.CLIENT_ID)
                    && !c.type().equals(QuotaEntity.IP)) {
                return Optional.of(QuotaError.invalid("Unhandled client quota entity type: " + c.type()));
            }
            if (c.name() != null && c.name().isEmpty()) {
                return Optional.of(QuotaError.invalid("Empty " + c.type() + " not supported"));
            }
        }
        QuotaEntity entity = new QuotaEntity(components);
        Optional<QuotaEntity.Component> ip = entity.component(QuotaEntity.IP);
        if (ip.isPresent() && components.size() > 1) {
            return Optional.of(QuotaError.invalid(
                    "Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId"));
        }
        if (ip.isPresent() && ip.get().name() != null && !isValidIp(ip.get().name())) {
            return Optional.of(QuotaError.invalid(ip.get().name() + " is not a valid IP or resolvable host."));
        }
        return Optional.empty();
    }

    /** Why {@code value} cannot be set for {@code key} on this (valid) entity, or empty. */
    static Optional<QuotaError> valueError(QuotaEntity entity, String key, double value) {
        boolean ipEntity = entity.component(QuotaEntity.IP).isPresent();
        Optional<QuotaKey> known = QuotaKey.lookup(key).filter(k -> k.forIp() == ipEntity);
        if (known.isEmpty()) {
            return Optional.of(QuotaError.invalid("Invalid configuration key " + key));
        }
        if (!(value > 0.0)) {
            return Optional.of(QuotaError.invalid("Quota " + key + " must be greater than 0"));
        }
        return switch (known.get().type()) {
            case DOUBLE -> Optional.empty();
            case INT -> value > Integer.MAX_VALUE
                    ? Optional.of(QuotaError.invalid("Proposed value for " + key + " is too large for an INT."))
                    : integral(key, value);
            case LONG -> value > Long.MAX_VALUE
                    ? Optional.of(QuotaError.invalid("Proposed value for " + key + " is too large for a LONG."))
                    : integral(key, value);
        };
    }

    private static Optional<QuotaError> integral(String key, double value) {
        return Math.abs(value - Math.rint(value)) > FRACTION_TOLERANCE
                ? Optional.of(QuotaError.invalid(key + " cannot be a fractional value."))
                : Optional.empty();
    }

    /** An IP literal or a name that resolves, as Kafka requires of an ip entity. */
    private static boolean isValidIp(String name) {
        try {
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
