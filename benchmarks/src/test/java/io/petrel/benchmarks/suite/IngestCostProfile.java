package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Machine;
import io.petrel.benchmarks.producer.Payloads;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The broker-bound ingest load against one broker JVM of its own, for profiling that broker's Produce path: the
 * broker JVM gets the JVM options given (a JFR recording, say), and each run prints records/s, the broker's CPU
 * microseconds per record and the generator's, with the load average. The suite's ingest part compares both
 * brokers; this one looks inside one.
 *
 * <p>Run: {@code java -cp <benchmarks test class path> io.petrel.benchmarks.suite.IngestCostProfile
 * [stub|kafka] [record size] [acks] [seconds per run] [runs] [connections] [broker JVM options...]}, e.g.
 * {@code stub 100 1 5 4 2 -Xmx1g -XX:StartFlightRecording=filename=/tmp/stub.jfr,settings=profile}; the
 * recording is written when the broker stops, then {@code jfr print --events jdk.ExecutionSample}.
 */
public final class IngestCostProfile {
    private IngestCostProfile() {
    }

    public static void main(String[] args) throws Exception {
        BrokerProcess.Kind kind = arg(args, 0, "stub").equals("kafka") ? BrokerProcess.Kind.KAFKA : BrokerProcess.Kind.STUB;
        int recordSize = Integer.parseInt(arg(args, 1, "100"));
        String acks = arg(args, 2, "1");
        int seconds = Integer.parseInt(arg(args, 3, "5"));
        int runs = Integer.parseInt(arg(args, 4, "4"));
        int connections = Integer.parseInt(arg(args, 5, "2"));
        List<String> jvm = args.length > 6 ? Arrays.asList(args).subList(6, args.length) : List.of("-Xmx1g");
        IngestSettings full = IngestSettings.fullRun();
        IngestSettings s = new IngestSettings(List.of(recordSize), List.of(acks), full.batchBytes(), connections,
                full.inFlight(), full.distinct(), full.warmup(), full.measured());
        Payloads payloads = new Payloads(recordSize, 42);
        try (BrokerProcess broker = BrokerProcess.start(kind, jvm)) {
            URI address = URI.create("tcp://" + broker.bootstrapServers().split(",")[0]);
            for (int run = 0; run < runs; run++) {
                String topic = "ingest-profile-" + run;
                broker.createTopic(topic, connections);
                broker.awaitServing(topic);
                List<IngestLoad.Connection> load = IngestLoad.onePerPartition(topic, s, acks, payloads);
                double cpu0 = broker.cpuSeconds();
                IngestLoad.Result r = IngestLoad.run(address.getHost(), address.getPort(), load, s.inFlight(),
                        TimeUnit.SECONDS.toNanos(seconds));
                double cpu = broker.cpuSeconds() - cpu0;
                long landed = broker.recordsIn(topic);
                broker.deleteTopic(topic);
                System.out.printf(Locale.ROOT, "%s run %d: %,.0f rec/s, broker %.3f us/rec (%.2f cores), generator"
                                + " %.3f us/rec, %d requests, landed %s; load %s%n", broker.name(), run + 1,
                        r.records() / r.seconds(), cpu * 1e6 / r.records(), cpu / r.seconds(),
                        r.generatorCpuSeconds() * 1e6 / r.records(), r.requests(),
                        landed == r.records() ? "all" : landed + " of " + r.records(), Machine.loadAverage());
            }
        }
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
