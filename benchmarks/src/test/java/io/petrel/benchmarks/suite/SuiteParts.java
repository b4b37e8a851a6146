package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.QuietMachine;

import java.util.List;

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
        new PartitionScale(options, results, quiet, brokers, consumers).run();
        new ProducerScale(options, results, quiet, brokers).run();
        new ConsumerGroupScale(options, results, quiet, brokers, consumers).run();
        new RecordSizeScale(options, results, quiet, brokers).run();
        new BrokerMemoryScale(options, results).run();
    }

    /** Starts its own Apache Kafka (PLAINTEXT and TLS listeners) and measures both clients over both. */
    public void tls() throws Exception {
        new TlsThroughput(options, results, quiet, consumers).run();
    }
}
