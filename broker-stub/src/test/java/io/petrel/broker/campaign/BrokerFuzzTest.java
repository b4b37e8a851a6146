package io.petrel.broker.campaign;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzing campaign of issue #16: {@code fuzz.requests} requests (20,000 by default; 1,000,000 with
 * {@code -Pcampaigns}) generated from the schemas of every API and version broker-stub advertises, spoiled, and sent to
 * broker-stub in its own JVM (256 MiB of heap, exits on OutOfMemoryError). The broker never dies, every request gets
 * an answer or a closed connection, each closed connection gets exactly one log line saying why and no handler fails
 * (an ERROR line), and a normal client is served throughout. The seed is printed; {@code -Dfuzz.seed=} replays it.
 */
class BrokerFuzzTest {
    private static final Pattern CLOSING = Pattern.compile("Closing connection (conn-\\d+)");
    private static final String MAX_HEAP = "256m";

    @TempDir
    Path dir;

    @Test
    void theBrokerAnswersOrClosesEverySpoiledRequestAndKeepsServing() throws IOException {
        long seed = Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong());
        long requests = Long.getLong("fuzz.requests", 20_000);
        System.out.println("Fuzzing broker-stub with " + requests + " requests, seed " + seed
                + " (replay: -Dfuzz.seed=" + seed + ")");
        try (CampaignBroker broker = CampaignBroker.start(dir, MAX_HEAP, Duration.ofSeconds(60), 64L * 1024 * 1024)) {
            RequestFuzzer fuzzer = new RequestFuzzer(broker.port(), seed);
            RequestFuzzer.Outcome outcome;
            try {
                outcome = fuzzer.run(requests, broker::isAlive);
            } catch (AssertionError | IOException e) {
                throw new AssertionError(e.getMessage() + "\nbroker log:\n" + broker.tail(), e);
            }
            assertTrue(broker.isAlive(), () -> "the broker died:\n" + broker.tail());

            List<String> lines = broker.logLines();
            List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
            assertTrue(errors.isEmpty(), () -> errors.size() + " ERROR lines (a handler failed) with seed " + seed
                    + "; the first:\n" + String.join("\n", errors.subList(0, Math.min(5, errors.size()))));
            Set<String> closedIds = new HashSet<>();
            List<String> twice = new ArrayList<>();
            for (String line : lines) {
                Matcher m = CLOSING.matcher(line);
                if (m.find() && !closedIds.add(m.group(1))) {
                    twice.add(line);
                }
            }
            assertTrue(twice.isEmpty(), () -> "connections closed with more than one line: " + twice);
            // At least: a long poll's connection, closed by the fuzzer, may have been closed by the broker first.
            assertTrue(closedIds.size() >= outcome.closes(), () -> outcome.closes() + " connections closed, "
                    + closedIds.size() + " log lines saying why");

            System.out.printf("Fuzz campaign, seed %d: %d requests over %d APIs and versions in %d s, %d connections"
                            + " closed, normal client served %d times, broker heap at most %d MiB (-Xmx%s)%n",
                    seed, outcome.requests(), fuzzer.targets().size(), outcome.took().toSeconds(), outcome.closes(),
                    outcome.normalClientRounds(), broker.maxHeapUsed() / (1024 * 1024), MAX_HEAP);
            outcome.byKind().forEach((kind, n) -> System.out.printf("  %-70s %d%n", kind, n));
        }
    }
}
