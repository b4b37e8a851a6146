package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.QuietMachine;

import java.util.List;
import java.util.Locale;

/** The entry points of the suite's parts, for {@code BenchmarkSuite} to sequence (the part classes stay package-private). */
public final class SuiteParts {
    private final SuiteOptions options;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<ConsumerClient> consumers;

    public SuiteParts(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<ConsumerClient> consumers) {
        this.options = options;
        this.results = results;
        this.quiet = quiet;
        this.consumers = List.copyOf(consumers);
    }

    public void startup() throws Exception {
        new BrokerFootprint(options, results).run();
    }

    public void producer(List<BrokerProcess> brokers) throws Exception {
        new ProducerMatrix(options, results, quiet, brokers).run();
    }

    /** Broker-bound ingest: the same pre-encoded Produce requests to both brokers, no client in the way. */
    public void ingest(List<BrokerProcess> brokers) throws Exception {
        new BrokerIngest(options, results, quiet, brokers).run();
    }

    public void consumer(List<BrokerProcess> brokers) throws Exception {
        new ConsumerThroughput(options, results, quiet, brokers, consumers).run();
    }

    public void latency(List<BrokerProcess> brokers) throws Exception {
        new EndToEndLatency(options, results, quiet, brokers, consumers).run();
    }

    /**
     * The scale curves on the shared brokers (partitions, producer and consumer counts, record size), then the
     * broker memory curves on fresh broker JVMs of their own.
     */
    public void scale(List<BrokerProcess> brokers) throws Exception {
        ScaleRun run = new ScaleRun(options, results, quiet, brokers, consumers);
        timed("partitions", () -> new PartitionScale(run).run());
        timed("producer counts", () -> new ProducerScale(run).run());
        timed("consumer group sizes", () -> new ConsumerGroupScale(run).run());
        timed("record sizes", () -> new RecordSizeScale(run).run());
        timed("broker memory", () -> new BrokerMemoryScale(options, results).run());
    }

    /** A piece of a part. */
    @FunctionalInterface
    private interface Piece {
        void run() throws Exception;
    }

    /** Runs a piece of the scale part and states its wall time among the run's facts (the part's budget). */
    private void timed(String what, Piece piece) throws Exception {
        long t0 = System.nanoTime();
        try {
            piece.run();
        } finally {
            results.facts.add(String.format(Locale.ROOT, "scale part, %s: %.0f s", what,
                    (System.nanoTime() - t0) / 1e9));
        }
    }

    /** Starts its own Apache Kafka (PLAINTEXT and TLS listeners) and measures both clients over both. */
    public void tls() throws Exception {
        new TlsThroughput(options, results, quiet, consumers).run();
    }
}
