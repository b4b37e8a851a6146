package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ProducerRun;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The producer part: Petrel's producer and kafka-clients' against broker-stub and Apache Kafka (four cells)
 * for every record size x acks x compression, on ProducerPerformance's workload (random A-Z values, no key,
 * linger.ms=5, batch.size=65536). Each run is one producer sending to a fresh topic, measured by
 * {@link ProducerClients} and {@link RunMeasurement} as {@code ProducerThroughputBenchmark} does.
 *
 * <p>Both broker JVMs run throughout, so every repeat visits all four client x broker cells back to back;
 * the order flips from one repeat to the next (A B B A...), so neither client nor broker always runs
 * first after a pause. Each client is warmed once per broker, record size and compression, all of them before
 * a cell's first measured run: warming each just before its own first run left the broker JVM compiling during
 * the run of whichever client came first (issue #17: the first cell's first Petrel run on broker-stub cost the
 * broker 1.72 CPU-s, the same run in the next repeat 0.34 s).
 */
final class ProducerMatrix {
    private final SuiteOptions options;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<BrokerProcess> brokers;
    private static final int FIRST_WARM_UP_RUNS = 3;

    private final Set<String> warmed = new HashSet<>();
    private int topicSequence;

    ProducerMatrix(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<BrokerProcess> brokers) {
        this.options = options;
        this.results = results;
        this.quiet = quiet;
        this.brokers = brokers;
    }

    void run() throws Exception {
        List<Client> clients = List.of(ProducerClients.PETREL, ProducerClients.KAFKA);
        for (int size : SuiteOptions.RECORD_SIZES) {
            Payloads payloads = new Payloads(size, 42);
            for (String acks : SuiteOptions.ACKS) {
                for (String compression : SuiteOptions.COMPRESSIONS) {
                    ProducerCell cell = new ProducerCell(size, acks, compression);
                    System.out.printf(Locale.ROOT, "%nproducer: %s%n", cell.label());
                    // Every client on every broker is warmed before the cell's first measured run, so that run
                    // does not pay for JIT compilation in a broker that only one client has warmed so far.
                    for (BrokerProcess broker : brokers) {
                        for (Client client : clients) {
                            warmUp(broker, client, cell, payloads);
                        }
                    }
                    for (int r = 0; r < options.producerRepeats(); r++) {
                        for (BrokerProcess broker : Interleaving.order(brokers, r)) {
                            for (Client client : Interleaving.order(clients, r)) {
                                RunResult res = runOnce(broker, client, cell, payloads,
                                        options.producerRecords(size), r, true);
                                results.producerRuns.add(new ProducerRun(broker.kind(), cell, res));
                                print("run " + (r + 1), broker, res);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A client's first warm-up on a broker sends {@value #FIRST_WARM_UP_RUNS} runs' worth: one was not enough for
     * Petrel's per-request code, which turns hot only at the request rate (a few hundred a second at 100 B), to
     * finish compiling before the first cell's first measured run (issue #17, session 18: that run cost Petrel 2.76
     * client CPU-s against 2.07 s in the next repeat; kafka-clients' two repeats were alike). Both clients get it.
     */
    private void warmUp(BrokerProcess broker, Client client, ProducerCell cell, Payloads payloads) throws Exception {
        if (warmed.add(broker.kind() + "/" + client.name() + "/" + cell.compression() + "/" + cell.recordSize())) {
            int runs = warmed.add(broker.kind() + "/" + client.name()) ? FIRST_WARM_UP_RUNS : 1;
            print("warm-up", broker, runOnce(broker, client, cell, payloads,
                    runs * options.producerWarmupRecords(cell.recordSize()), -1, false));
        }
    }

    private RunResult runOnce(BrokerProcess broker, Client client, ProducerCell cell, Payloads payloads, int records,
                              int repeat, boolean measured) throws Exception {
        String topic = String.format(Locale.ROOT, "produce-%d-%s-%s-%d", cell.recordSize(), cell.acks(),
                cell.compression(), ++topicSequence);
        broker.createTopic(topic, 1);
        if (measured) {
            System.gc();
            quiet.awaitAfter(options.pauseBetweenRuns(), brokers);
        }
        RunMeasurement m = new RunMeasurement(records, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
        client.run(topic, settings(broker.bootstrapServers(), cell), payloads, records, m);
        long landed = broker.recordsIn(topic);
        broker.deleteTopic(topic);
        return m.result(broker.name(), cell.compression(), 1, client.name(), repeat, cell.recordSize(), landed);
    }

    /** One settings map for both clients: ProducerPerformance's, with the cell's acks and compression. */
    static Map<String, Object> settings(String bootstrap, ProducerCell cell) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("acks", cell.acks());
        s.put("linger.ms", "5");
        s.put("batch.size", "65536");
        s.put("compression.type", cell.compression());
        // Off in every cell, so acks is the one difference between acks=1 and acks=all cells.
        s.put("enable.idempotence", "false");
        return s;
    }

    private static void print(String what, BrokerProcess broker, RunResult r) {
        System.out.printf(Locale.ROOT, "  %-8s %-11s %-13s %9.0f rec/s %7.2f MB/s  p99 %7.1f ms  client CPU %.2f us/rec"
                        + "  other CPU %.1f s%s%n",
                what, SuiteResults.shortName(broker.kind()), r.client(), r.recordsPerSecond(), r.megabytesPerSecond(),
                r.p99Ms(), r.clientCpuMicrosPerRecord(), r.otherCpuSeconds(),
                r.ok() ? "" : "  FAILED: " + r.errors() + " errors, " + r.landed() + " landed, first " + r.firstError());
    }
}
