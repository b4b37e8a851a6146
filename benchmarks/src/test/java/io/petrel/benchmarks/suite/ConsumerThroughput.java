package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Machine;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ConsumerRun;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The consumer part, on Kafka's ConsumerPerformance workload: one topic per broker (1 partition) filled
 * beforehand with {@code consumerRecords} records of 100 B random A-Z values by kafka-clients' producer, then
 * read from the beginning to the end by each consumer in turn, interleaved, repeated. A run is timed from
 * the first poll to the poll that returned the last record (ConsumerPerformance's fetch time: creating the
 * consumer, metadata and the ListOffsets for the start position are outside); the loop adds up the value
 * sizes, as ConsumerPerformance does, so every record is touched. A measured run is
 * {@link SuiteOptions#consumerPasses()} such reads back to back, each by a fresh consumer, and its records/s is
 * all their records over all their time: one read lasts about half a second, so a single one measured a
 * neighbour's burst as much as the client (issue #17: 1.34x-1.87x for the same code in consecutive runs).
 * Both consumers get the same settings:
 * assigned by hand (no group), auto-commit off, {@code receive.buffer.bytes=2097152} as ConsumerPerformance
 * sets it, everything else at the defaults.
 */
final class ConsumerThroughput {
    static final int RECORD_SIZE = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long STALL_LIMIT_NS = Duration.ofSeconds(30).toNanos();
    /**
     * Unmeasured reads per consumer and broker before the first measured one. With one, the brokers' JIT was
     * still compiling the fetch path in the first measured repeat (issue #17: broker-stub's CPU for the same read
     * 0.46 s in repeat 1, 0.08 s in repeat 2), which skewed whichever client ran first.
     */
    static final int WARM_UP_ROUNDS = 2;

    private final SuiteOptions options;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<BrokerProcess> brokers;
    private final List<ConsumerClient> clients;

    ConsumerThroughput(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<BrokerProcess> brokers,
                       List<ConsumerClient> clients) {
        this.options = options;
        this.results = results;
        this.quiet = quiet;
        this.brokers = brokers;
        this.clients = clients;
    }

    void run() throws Exception {
        Map<BrokerProcess, String> topics = new HashMap<>();
        for (BrokerProcess broker : brokers) {
            topics.put(broker, fill(broker, "consume-" + RECORD_SIZE, options.consumerRecords()));
        }
        System.out.printf(Locale.ROOT, "%nconsumer: %,d x %d B%n", options.consumerRecords(), RECORD_SIZE);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (BrokerProcess broker : brokers) {
                for (ConsumerClient client : clients) {
                    print("warm-up", consume(broker, client, topics.get(broker), -1));
                }
            }
        }
        for (int r = 0; r < options.consumerRepeats(); r++) {
            for (BrokerProcess broker : Interleaving.order(brokers, r)) {
                for (ConsumerClient client : Interleaving.order(clients, r)) {
                    System.gc();
                    quiet.awaitAfter(options.pauseBetweenRuns(), brokers);
                    ConsumerRun run = consume(broker, client, topics.get(broker), r);
                    for (int pass = 1; pass < options.consumerPasses(); pass++) {
                        run = run.plus(consume(broker, client, topics.get(broker), r));
                    }
                    results.consumerRuns.add(run);
                    print("run " + (r + 1), run);
                }
            }
        }
        for (Map.Entry<BrokerProcess, String> e : topics.entrySet()) {
            e.getKey().deleteTopic(e.getValue());
        }
    }

    /**
     * Fills a fresh 1-partition {@code topic} with {@code n} records of {@link #RECORD_SIZE} B by kafka-clients'
     * producer over the broker's PLAINTEXT listener and checks every record landed.
     */
    static String fill(BrokerProcess broker, String topic, int n) throws Exception {
        broker.createTopic(topic, 1);
        RunMeasurement m = new RunMeasurement(n, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
        ProducerClients.KAFKA.run(topic, ProducerMatrix.settings(broker.bootstrapServers(),
                new SuiteResults.ProducerCell(RECORD_SIZE, "1", "none")), new Payloads(RECORD_SIZE, 7), n, m);
        RunResult filled = m.result(broker.name(), "none", 1, ProducerClients.KAFKA.name(), -1, RECORD_SIZE,
                broker.recordsIn(topic));
        if (!filled.ok()) {
            throw new IllegalStateException("Filling " + topic + " on " + broker.name() + " failed: " + filled.errors()
                    + " errors, " + filled.landed() + " of " + n + " records landed, first " + filled.firstError());
        }
        System.out.printf(Locale.ROOT, "consumer: filled %s on %s with %,d records in %.1f s%n", topic, broker.name(), n,
                filled.seconds());
        return topic;
    }

    private ConsumerRun consume(BrokerProcess broker, ConsumerClient client, String topic, int repeat) {
        return read(broker, client, settings(broker.bootstrapServers()), topic, options.consumerRecords(), repeat);
    }

    /**
     * One measured read of {@code expected} records from the beginning of {@code topic} by {@code client} with
     * {@code settings}, timed from the first poll to the poll that returned the last record.
     */
    static ConsumerRun read(BrokerProcess broker, ConsumerClient client, Map<String, Object> settings, String topic,
                            long expected, int repeat) {
        return read(broker, client, settings, topic, expected, repeat, () -> { });
    }

    /**
     * As {@link #read(BrokerProcess, ConsumerClient, Map, String, long, int)}, then runs {@code afterLastRecord}
     * with the consumer still open, outside the clock (the scale part weighs the consumer's heap there).
     */
    static ConsumerRun read(BrokerProcess broker, ConsumerClient client, Map<String, Object> settings, String topic,
                            long expected, int repeat, Runnable afterLastRecord) {
        long[] bytes = new long[1];
        try (ConsumerClient.Reader reader = client.open(settings, topic, true)) {
            double broker0 = broker.cpuSeconds();
            double client0 = Machine.thisProcessCpuSeconds();
            Machine.CpuTicks ticks0 = Machine.cpuTicks();
            long t0 = System.nanoTime();
            long lastProgress = t0;
            long count = 0;
            while (count < expected) {
                int n = reader.poll(POLL, v -> bytes[0] += v.length);
                long now = System.nanoTime();
                if (n > 0) {
                    count += n;
                    lastProgress = now;
                } else if (now - lastProgress > STALL_LIMIT_NS) {
                    return failed(broker, client, repeat, expected, "stalled after " + count + " of " + expected
                            + " records");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double clientCpu = Machine.thisProcessCpuSeconds() - client0;
            double brokerCpu = broker.cpuSeconds() - broker0;
            double busy = Machine.cpuTicks().busyFractionSince(ticks0) * Runtime.getRuntime().availableProcessors()
                    * seconds;
            String error = count == expected ? null : "read " + count + " records, expected " + expected;
            afterLastRecord.run();
            return new ConsumerRun(broker.kind(), client.name(), repeat, 1, expected, RECORD_SIZE, seconds, clientCpu,
                    brokerCpu, Math.max(0, busy - clientCpu - brokerCpu), bytes[0], error);
        } catch (RuntimeException e) {
            return failed(broker, client, repeat, expected, e.toString());
        }
    }

    private static ConsumerRun failed(BrokerProcess broker, ConsumerClient client, int repeat, long expected,
                                      String error) {
        return new ConsumerRun(broker.kind(), client.name(), repeat, 1, expected, RECORD_SIZE, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, error);
    }

    static Map<String, Object> settings(String bootstrap) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("enable.auto.commit", "false");
        s.put("auto.offset.reset", "earliest");
        s.put("receive.buffer.bytes", "2097152");
        return s;
    }

    static void print(String what, ConsumerRun r) {
        System.out.printf(Locale.ROOT, "  %-8s %-11s %-13s %10.0f rec/s %7.1f MB/s  other CPU %.1f s%s%n", what,
                SuiteResults.shortName(r.broker()), r.client(), r.recordsPerSecond(), r.megabytesPerSecond(),
                r.otherCpuSeconds(), r.ok() ? "" : "  FAILED: " + r.error());
    }
}
