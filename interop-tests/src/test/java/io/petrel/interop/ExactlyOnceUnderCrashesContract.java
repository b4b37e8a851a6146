package io.petrel.interop;

import io.petrel.producer.KafkaReadBack;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringSerializer;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once through crashes: a consume-transform-produce process built on Petrel's clients ({@link CopierMain},
 * its own JVM) copies {@value #RECORDS} records and is SIGKILLed at random points {@code eos.kills} times
 * ({@value #CI_KILLS} on broker-stub in every build, 10 with {@code -Pcampaigns}; see {@link #kills}), each time mid-copy (after
 * it committed at least one transaction in that life, then a random moment later), and started again; the last
 * life runs to the end. kafka-clients' read_committed consumer then finds every input record in the output exactly
 * once, and the group's offsets at the end of the input. A subclass says where the broker is.
 *
 * <p>Each life costs a JVM start, a group join and InitProducerId, which on broker-stub is most of the test's time,
 * so every build makes a few kills there and the campaign the full count.
 */
abstract class ExactlyOnceUnderCrashesContract {
    private static final int RECORDS = 100_000;
    private static final int PARTITIONS = 3;
    /** Kills in every build; {@code -Deos.kills=N} asks for another count (the root pom's campaigns profile: 10). */
    static final int CI_KILLS = 4;
    private static final Duration LIFE_LIMIT = Duration.ofSeconds(60);
    private static final Duration LAST_LIFE_LIMIT = Duration.ofMinutes(5);

    /** host:port of the broker under test. */
    protected abstract String bootstrapServers();

    /** How many times the copier is killed: {@code eos.kills}, {@value #CI_KILLS} by default. */
    protected int kills() {
        return Integer.getInteger("eos.kills", CI_KILLS);
    }

    @Test
    void everyRecordIsCopiedExactlyOnceThoughTheCopierIsKilledAgainAndAgain(@TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String input = "eos-in-" + suffix;
        String output = "eos-out-" + suffix;
        String group = "eos-" + suffix;
        KafkaReadBack kafka = new KafkaReadBack(bootstrapServers());
        kafka.createTopic(input, PARTITIONS);
        kafka.createTopic(output, PARTITIONS);
        write(input);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> args = List.of(bootstrapServers(), input, output, group, "eos-copier-" + suffix);
        int wanted = kills();
        int kills = 0;
        for (int life = 1; kills < wanted; life++) {
            int thisLife = life;
            Path log = dir.resolve("copier-" + life + ".log");
            ChildJvm copier = launch(dir, log, args);
            Await.until(LIFE_LIMIT, () -> "life " + thisLife + " to commit a transaction (seed " + seed + "); its log:\n"
                    + read(log), () -> committedIn(log) > 0 || !copier.isAlive());
            assertTrue(copier.isAlive(), "life " + life + " ended before it was killed; the copy went too fast for "
                    + wanted + " kills (seed " + seed + "); its log:\n" + read(log));
            // Somewhere within the next transactions: before, during or after a commit.
            copier.waitFor(Duration.ofMillis(random.nextInt(300)));
            copier.kill();
            kills++;
        }
        Path last = dir.resolve("copier-last.log");
        ChildJvm copier = launch(dir, last, args);
        assertTrue(copier.waitFor(LAST_LIFE_LIMIT), "the last life did not finish the copy; its log:\n" + read(last));
        assertEquals(java.util.Optional.of(0), copier.exitValue(), read(last));

        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.read(output, RECORDS, "read_committed")) {
            copies.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < RECORDS && wrong.size() < 10; i++) {
            int n = copies.getOrDefault("V" + i, 0);
            if (n != 1) {
                wrong.add("V" + i + " x" + n);
            }
        }
        assertEquals(List.of(), wrong, "each input record exactly once in the output after " + kills + " kills");
        assertEquals(RECORDS, copies.size(), "and nothing else");
        assertEquals(RECORDS, kafka.committedOffsets(group).values().stream().mapToLong(Long::longValue).sum(),
                "the group's offsets at the end of the input");
    }

    private void write(String input) {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrapServers()).build()) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(ProducerRecord.of(input, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static ChildJvm launch(Path dir, Path log, List<String> args) {
        return ChildJvm.launch(dir, log, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), CopierMain.class.getName(), args, () -> { });
    }

    private static long committedIn(Path log) {
        return read(log).lines().filter(l -> l.startsWith(CopierMain.COMMITTED)).count();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
