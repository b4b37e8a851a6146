package io.petrel.admin.internal;

import io.petrel.admin.Admin;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Admin's retries, against broker-stub's fault injection: a coordinator that is still loading is asked again
 * until it answers, retries=0 reports it at once, and default.api.timeout.ms (on an injected clock, so the test
 * never waits for it) ends a call that keeps failing with a TimeoutException saying what it last heard.
 */
class AdminRetryTest {
    private static final long WAIT_MS = 30_000;

    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @AfterEach
    void clearFaults() {
        BROKER.broker().faults().clear();
    }

    private static Map<String, Object> settings(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", BROKER.broker().bootstrapServers(),
                "retry.backoff.ms", "1", "retry.backoff.max.ms", "5"));
        settings.putAll(more);
        return settings;
    }

    @Test
    void aLoadingCoordinatorIsAskedAgainUntilItAnswers() throws Exception {
        BROKER.broker().faults().failRequests(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 3);
        try (Admin admin = Admin.create(settings(Map.of()))) {
            assertTrue(admin.listConsumerGroupOffsets("idle-group").get(WAIT_MS, TimeUnit.MILLISECONDS).isEmpty());
        }
    }

    @Test
    void withoutRetriesTheTransientErrorIsReportedAtOnce() {
        BROKER.broker().faults().failRequests(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 1);
        try (Admin admin = Admin.create(settings(Map.of("retries", "0")))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listConsumerGroupOffsets("idle-group").get(WAIT_MS, TimeUnit.MILLISECONDS));
            BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, e.getCause());
            assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, error.error());
            assertTrue(error.getMessage().contains("idle-group"), error.getMessage());
        }
    }

    @Test
    void aCallThatKeepsFailingEndsAtTheApiTimeoutWithTheLastError() throws Exception {
        BROKER.broker().faults().failRequests(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE, Integer.MAX_VALUE);
        ManualClock clock = new ManualClock();
        AdminSettings settings = AdminSettings.from(settings(Map.of("default.api.timeout.ms", "60000")));
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (Admin admin = new PetrelAdmin(ClientNetwork.create(settings.network(), Time.SYSTEM), settings, time)) {
            CompletableFuture<?> call = admin.listConsumerGroupOffsets("stuck-group");
            assertFalse(call.isDone(), "still retrying while the clock stands");
            clock.advance(Duration.ofSeconds(61));
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(WAIT_MS, TimeUnit.MILLISECONDS));
            TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(timeout.getMessage().contains("default.api.timeout.ms (60000 ms)"), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("COORDINATOR_NOT_AVAILABLE"), timeout.getMessage());
        }
    }
}
