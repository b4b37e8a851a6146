package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.MonotonicClock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enforces one rate quota key ({@code producer_byte_rate} or {@code consumer_byte_rate}) as Kafka's
 * {@code ClientQuotaManager} does.
 *
 * <p>Which quota applies to a request's (user, client-id) is the first of Kafka's eight entities that has the key set:
 * user and client-id, user and default client-id, user, default user and client-id, default user and default
 * client-id, default user, client-id, default client-id. The entity found also says who shares the rate: a quota set
 * for a user is shared by all that user's client-ids, one for a default client-id is counted per client-id, and so on
 * (Kafka's metric tags).
 *
 * <p>A value is recorded, then the rate over the sampled windows compared with the quota; over it, the throttle time
 * is how long the client must stay quiet for the rate to fall back to the quota:
 * {@code (rate - quota) / quota * window}. Rates idle for longer than the windows span are forgotten once many
 * accumulate, so client-ids a client makes up cannot grow memory without bound. Thread-safe.
 */
final class RateQuotas {
    private static final int FORGET_IDLE_ABOVE = 1024;

    private final QuotaKey key;
    private final ClientQuotaStore store;
    private final MonotonicClock clock;
    private final int samples;
    private final long windowMs;
    private final Map<Tags, SampledRate> rates = new HashMap<>();

    /** Who a rate is counted for: Kafka's user and client-id metric tags ({@code ""} when not part of the key). */
    record Tags(String user, String clientId) {
    }

    /** The quota that applies and the rate it is counted on. */
    record Applied(double bound, Tags tags) {
    }

    RateQuotas(QuotaKey key, ClientQuotaStore store, MonotonicClock clock, int samples, long windowMs) {
        this.key = key;
        this.store = store;
        this.clock = clock;
        this.samples = samples;
        this.windowMs = windowMs;
    }

    /**
     * Records {@code value} for a request of {@code user} with {@code clientId} and returns the throttle time in ms,
     * 0 when within quota or when no quota applies.
     */
    long recordAndGetThrottleTimeMs(String user, String clientId, double value) {
        Optional<Applied> applied = applied(user, clientId);
        if (applied.isEmpty()) {
            return 0;
        }
        long now = clock.elapsedMillis();
        synchronized (rates) {
            forgetIdle(now);
            SampledRate rate = rates.computeIfAbsent(applied.get().tags(), t -> new SampledRate(samples, windowMs));
            rate.record(value, now);
            double measured = rate.perSecond(now);
            double bound = applied.get().bound();
            if (measured <= bound) {
                return 0;
            }
            return Math.round((measured - bound) / bound * rate.windowSizeMs(now));
        }
    }

    /** Takes back a recorded value (a throttled Fetch is answered empty, so its bytes are not counted, as in Kafka). */
    void unrecord(String user, String clientId, double value) {
        applied(user, clientId).ifPresent(applied -> {
            synchronized (rates) {
                SampledRate rate = rates.get(applied.tags());
                if (rate != null) {
                    rate.record(-value, clock.elapsedMillis());
                }
            }
        });
    }

    /**
     * The most that may be recorded in one go without exceeding the quota on a fresh rate: the quota over the shortest
     * span Kafka measures ({@code samples - 1} windows), or empty without a quota. Kafka caps a Fetch's response size
     * at this, so a fetch bigger than a whole window's quota cannot be throttled, answered empty, and retried forever.
     */
    Optional<Long> maxValueInWindow(String user, String clientId) {
        return applied(user, clientId).map(a -> (long) Math.min(Long.MAX_VALUE, a.bound() * (samples - 1) * windowMs / 1000.0));
    }

    /** The quota that applies to this (user, client-id), by Kafka's precedence, if any. */
    Optional<Applied> applied(String user, String clientId) {
        if (!store.anySet(key.key())) {
            return Optional.empty();
        }
        Tags both = new Tags(user, clientId);
        Tags userOnly = new Tags(user, "");
        Tags clientOnly = new Tags("", clientId);
        List<Map.Entry<QuotaEntity, Tags>> precedence = List.of(
                Map.entry(entity(user, clientId), both),
                Map.entry(entity(user, null), both),
                Map.entry(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.USER, user)), userOnly),
                Map.entry(entity(null, clientId), both),
                Map.entry(entity(null, null), both),
                Map.entry(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.USER, null)), userOnly),
                Map.entry(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.CLIENT_ID, clientId)), clientOnly),
                Map.entry(QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.CLIENT_ID, null)), clientOnly));
        for (Map.Entry<QuotaEntity, Tags> candidate : precedence) {
            Double bound = store.value(candidate.getKey(), key.key());
            if (bound != null) {
                return Optional.of(new Applied(bound, candidate.getValue()));
            }
        }
        return Optional.empty();
    }

    private static QuotaEntity entity(String user, String clientId) {
        return QuotaEntity.of(new QuotaEntity.Component(QuotaEntity.USER, user),
                new QuotaEntity.Component(QuotaEntity.CLIENT_ID, clientId));
    }

    private void forgetIdle(long now) {
        if (rates.size() > FORGET_IDLE_ABOVE) {
            rates.values().removeIf(rate -> rate.idleAt(now));
        }
    }
}
