package io.petrel.broker.internal.quota;

import io.petrel.broker.QuotaWindow;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's quota precedence, rate windows and throttle times, on a manual clock. */
class RateQuotasTest {
    private static final String KEY = QuotaKey.PRODUCER_BYTE_RATE.key();

    @TempDir
    Path dataDir;
    private final ManualClock clock = new ManualClock();
    private ClientQuotaStore store;
    private RateQuotas quotas;

    @BeforeEach
    void open() throws IOException {
        store = ClientQuotaStore.open(dataDir);
        quotas = new RateQuotas(QuotaKey.PRODUCER_BYTE_RATE, store, new MonotonicClock(clock::nanoTime),
                QuotaWindow.KAFKA_DEFAULT.samples(), QuotaWindow.KAFKA_DEFAULT.sampleSize().toMillis());
    }

    private void set(QuotaEntity entity, Double value) throws IOException {
        Map<String, Double> ops = new HashMap<>();
        ops.put(KEY, value);
        store.alter(Map.of(entity, ops));
    }

    private static QuotaEntity.Component user(String name) {
        return new QuotaEntity.Component(QuotaEntity.USER, name);
    }

    private static QuotaEntity.Component client(String name) {
        return new QuotaEntity.Component(QuotaEntity.CLIENT_ID, name);
    }

    @Test
    void noQuotaMeansNoThrottle() {
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("alice", "app", 1e12));
    }

    @Test
    void theFirstOfKafkasEightEntitiesWithTheKeyApplies() throws IOException {
        // Kafka's order, most specific first, each with the rate it is counted on.
        Map<QuotaEntity, RateQuotas.Tags> order = new LinkedHashMap<>();
        order.put(QuotaEntity.of(user("alice"), client("app")), new RateQuotas.Tags("alice", "app"));
        order.put(QuotaEntity.of(user("alice"), client(null)), new RateQuotas.Tags("alice", "app"));
        order.put(QuotaEntity.of(user("alice")), new RateQuotas.Tags("alice", ""));
        order.put(QuotaEntity.of(user(null), client("app")), new RateQuotas.Tags("alice", "app"));
        order.put(QuotaEntity.of(user(null), client(null)), new RateQuotas.Tags("alice", "app"));
        order.put(QuotaEntity.of(user(null)), new RateQuotas.Tags("alice", ""));
        order.put(QuotaEntity.of(client("app")), new RateQuotas.Tags("", "app"));
        order.put(QuotaEntity.of(client(null)), new RateQuotas.Tags("", "app"));
        List<QuotaEntity> entities = new ArrayList<>(order.keySet());
        for (int i = 0; i < entities.size(); i++) {
            set(entities.get(i), 100.0 + i);
        }
        for (int i = 0; i < entities.size(); i++) {
            RateQuotas.Applied applied = quotas.applied("alice", "app").orElseThrow();
            assertEquals(100.0 + i, applied.bound(), "with " + entities.get(i) + " the most specific left");
            assertEquals(order.get(entities.get(i)), applied.tags(), entities.get(i).toString());
            set(entities.get(i), null);
        }
        assertTrue(quotas.applied("alice", "app").isEmpty());
    }

    @Test
    void otherUsersAndClientsDoNotMatchNamedEntities() throws IOException {
        set(QuotaEntity.of(user("alice"), client("app")), 100.0);
        set(QuotaEntity.of(client("other")), 200.0);
        assertTrue(quotas.applied("bob", "app").isEmpty());
        assertTrue(quotas.applied("alice", "app2").isEmpty());
    }

    @Test
    void throttleTimeIsWhatBringsTheRateBackToTheQuota() throws IOException {
        set(QuotaEntity.of(client("app")), 1000.0);
        // 20,000 bytes at once, measured over the minimum of 10 full windows: 2000 B/s, twice the quota; staying
        // quiet 10 s more spreads them over 20 s, which is 1000 B/s.
        assertEquals(10_000, quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 20_000));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 500), "the burst's samples expired");
    }

    @Test
    void withinQuotaThereIsNoThrottle() throws IOException {
        set(QuotaEntity.of(client("app")), 1000.0);
        for (int i = 0; i < 30; i++) {
            assertEquals(0, quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 900), "second " + i);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aClientThatWaitsOutEachThrottleIsHeldToTheQuota() throws IOException {
        set(QuotaEntity.of(client("app")), 10_000.0);
        long start = clock.nanoTime();
        long sent = 0;
        long throttled = 0;
        // As fast as allowed: a 4 KB request every 10 ms, waiting out each throttle, for 60 s.
        while (clock.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
            long throttleMs = quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 4096);
            sent += 4096;
            throttled += throttleMs;
            clock.advance(Duration.ofMillis(10 + throttleMs));
        }
        double seconds = (clock.nanoTime() - start) / 1e9;
        double rate = sent / seconds;
        assertTrue(rate > 9_000 && rate < 11_000, "achieved " + rate + " B/s against a 10,000 B/s quota");
        assertTrue(throttled > 30_000, "throttled " + throttled + " ms of 60 s");
    }

    @Test
    void aUserQuotaIsSharedByItsClientIdsAndADefaultClientIdQuotaIsCountedPerClientId() throws IOException {
        set(QuotaEntity.of(user("alice")), 1000.0);
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("alice", "one", 6000));
        assertTrue(quotas.recordAndGetThrottleTimeMs("alice", "two", 6000) > 0, "one rate for both of alice's clients");

        set(QuotaEntity.of(client(null)), 1000.0);
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("bob", "three", 6000));
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("bob", "four", 6000), "a rate per client-id");
    }

    @Test
    void unrecordTakesBytesBack() throws IOException {
        set(QuotaEntity.of(client("app")), 1000.0);
        assertTrue(quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 20_000) > 0);
        quotas.unrecord("ANONYMOUS", "app", 20_000);
        assertEquals(0, quotas.recordAndGetThrottleTimeMs("ANONYMOUS", "app", 5_000));
    }
}
