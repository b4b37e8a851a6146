package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.suite.SuiteResults.IngestRun;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The broker-bound ingest part: both brokers take the same pre-encoded Produce requests from {@link IngestLoad}, so
 * the rate is bounded by the broker and not by a producer client sharing the 2 cores (the producer part's ingest
 * ratio is client-bound: Petrel's or kafka-clients' producer takes most of a core). Each broker is first warmed on
 * every record size x acks, then for each cell the measured runs alternate brokers (A B B A...). Each run writes a fresh topic
 * of one partition per connection; afterwards its log end offsets (ListOffsets) must equal the records the
 * broker acknowledged, or the run counts as failed.
 */
final class BrokerIngest {
    private final SuiteOptions options;
    private final IngestSettings settings;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<BrokerProcess> brokers;
    private int topicSequence;

    BrokerIngest(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<BrokerProcess> brokers) {
        this.options = options;
        this.settings = options.ingest();
        this.results = results;
        this.quiet = quiet;
        this.brokers = brokers;
    }

    void run() throws Exception {
        // Every cell warms both brokers before any measured run: warmed cell by cell, the first cell's first
        // measured runs still ran in a compiling broker JVM (64 k records/s, then 0.9 M and 1.7 M in the next
        // repeats, on broker-stub at 100 B acks=1).
        System.out.printf(Locale.ROOT, "%ningest: warm-up, every cell on each broker%n");
        for (int size : settings.recordSizes()) {
            Payloads payloads = new Payloads(size, 42);
            for (String acks : settings.acks()) {
                for (BrokerProcess broker : brokers) {
                    print("warm-up", runOnce(broker, size, acks, payloads, -1, settings.warmup().toNanos()));
                }
            }
        }
        for (int size : settings.recordSizes()) {
            Payloads payloads = new Payloads(size, 42);
            for (String acks : settings.acks()) {
                System.out.printf(Locale.ROOT, "%ningest: %s, acks=%s, %d connections x %d in flight%n",
                        SuiteResults.sizeLabel(size), acks, settings.connections(), settings.inFlight());
                for (int r = 0; r < options.producerRepeats(); r++) {
                    for (BrokerProcess broker : Interleaving.order(brokers, r)) {
                        System.gc();
                        quiet.awaitAfter(options.pauseBetweenRuns(), brokers);
                        IngestRun run = runOnce(broker, size, acks, payloads, r, settings.measured().toNanos());
                        results.ingestRuns.add(run);
                        print("run " + (r + 1), run);
                    }
                }
            }
        }
    }

    private IngestRun runOnce(BrokerProcess broker, int size, String acks, Payloads payloads, int repeat,
                              long durationNanos) throws Exception {
        String topic = String.format(Locale.ROOT, "ingest-%d-%s-%d", size, acks, ++topicSequence);
        broker.createTopic(topic, settings.connections());
        broker.awaitServing(topic);
        List<IngestLoad.Connection> connections = IngestLoad.onePerPartition(topic, settings, acks, payloads);
        URI address = URI.create("tcp://" + broker.bootstrapServers().split(",")[0]);
        double cpu0 = broker.cpuSeconds();
        IngestLoad.Result r;
        try {
            r = IngestLoad.run(address.getHost(), address.getPort(), connections, settings.inFlight(), durationNanos);
        } catch (Exception e) {
            broker.deleteTopic(topic);
            return new IngestRun(broker.kind(), size, acks, repeat, 0, 0, 0, 0, broker.cpuSeconds() - cpu0,
                    Double.NaN, e.toString());
        }
        double brokerCpu = broker.cpuSeconds() - cpu0;
        long landed = broker.recordsIn(topic);
        broker.deleteTopic(topic);
        String error = landed == r.records() ? null
                : "the broker acknowledged " + r.records() + " records but holds " + landed;
        return new IngestRun(broker.kind(), size, acks, repeat, r.records(), r.requests(), landed, r.seconds(),
                brokerCpu, r.generatorCpuSeconds(), error);
    }

    private static void print(String what, IngestRun r) {
        System.out.printf(Locale.ROOT, "  %-8s %-11s %10.0f rec/s %7.1f MB/s  broker %.3f us/rec  generator %.3f"
                        + " us/rec%s%n", what, SuiteResults.shortName(r.broker()), r.recordsPerSecond(),
                r.megabytesPerSecond(), r.brokerCpuMicrosPerRecord(), r.generatorCpuMicrosPerRecord(),
                r.ok() ? "" : "  FAILED: " + r.error());
    }
}
