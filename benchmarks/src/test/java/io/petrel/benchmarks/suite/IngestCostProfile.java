package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Machine;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.compression.CompressionType;

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
 * recording is written when the broker stops, then {@code jfr print --events jdk.ExecutionSample}. With
 * {@code in-process} in place of the broker, broker-stub runs in this JVM and each run prints its network threads'
 * CPU and bytes allocated per record (ThreadMXBean), which the machine's load moves far less than records/s; a
 * compression after the connections ({@code in-process 1024 all 5 4 1 zstd}) sends compressed batches, as a
 * producer with that compression.type fills them.
 */
public final class IngestCostProfile {
    private IngestCostProfile() {
    }

    public static void main(String[] args) throws Exception {
        if (arg(args, 0, "stub").equals("in-process")) {
            inProcess(Integer.parseInt(arg(args, 1, "100")), arg(args, 2, "1"), Integer.parseInt(arg(args, 3, "5")),
                    Integer.parseInt(arg(args, 4, "4")), Integer.parseInt(arg(args, 5, "2")),
                    CompressionType.forName(arg(args, 6, "none")));
            return;
        }
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
                AckTimeline.Gap gap = r.acks().longestGap();
                System.out.printf(Locale.ROOT, "%s run %d: %,.0f rec/s, broker %.3f us/rec (%.2f cores), generator"
                                + " %.3f us/rec, %d requests, landed %s; longest gap between acks %.0f ms after %d"
                                + " requests; ms per 1,000 requests %s; load %s%n", broker.name(), run + 1,
                        r.records() / r.seconds(), cpu * 1e6 / r.records(), cpu / r.seconds(),
                        r.generatorCpuSeconds() * 1e6 / r.records(), r.requests(),
                        landed == r.records() ? "all" : landed + " of " + r.records(), gap.millis(),
                        gap.afterRequests(), aroundRoll(r.acks()), Machine.loadAverage());
            }
        }
    }

    /**
     * broker-stub started in this JVM, so that its network threads (where appends run) can be read by thread: CPU
     * and bytes allocated per record, which the load on a shared machine does not move as it moves records/s.
     */
    private static void inProcess(int recordSize, String acks, int seconds, int runs, int connections,
                                  CompressionType compression) throws Exception {
        IngestSettings full = IngestSettings.fullRun();
        IngestSettings s = new IngestSettings(List.of(recordSize), List.of(acks), full.batchBytes(), connections,
                full.inFlight(), full.distinct(), full.warmup(), full.measured());
        Payloads payloads = new Payloads(recordSize, 42);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (io.petrel.broker.Broker broker = io.petrel.broker.Broker.start(io.petrel.broker.BrokerConfig.builder()
                .build());
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of(
                     "bootstrap.servers", broker.bootstrapServers()))) {
            for (int run = 0; run < runs; run++) {
                String topic = "ingest-profile-" + run;
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, connections, (short) 1)))
                        .all().get();
                List<IngestLoad.Connection> load = IngestLoad.onePerPartition(topic, s, acks, payloads, compression);
                long[] ids = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("petrel-network-") && !t.getName().contains("acceptor"))
                        .mapToLong(Thread::getId).toArray();
                long[] bytes0 = threads.getThreadAllocatedBytes(ids);
                long[] cpu0 = threads.getThreadCpuTime(ids);
                IngestLoad.Result r = IngestLoad.run("127.0.0.1", broker.port(), load, s.inFlight(),
                        TimeUnit.SECONDS.toNanos(seconds));
                long[] bytes1 = threads.getThreadAllocatedBytes(ids);
                long[] cpu1 = threads.getThreadCpuTime(ids);
                long bytes = 0;
                long cpu = 0;
                for (int i = 0; i < ids.length; i++) {
                    bytes += bytes1[i] - bytes0[i];
                    cpu += cpu1[i] - cpu0[i];
                }
                admin.deleteTopics(List.of(topic)).all().get();
                System.out.printf(Locale.ROOT, "in-process broker-stub run %d: %,.0f rec/s, network threads %.3f us/rec"
                                + " (%.1f us/request), %.1f B allocated/rec (%,.0f B/request), %d requests, %.1f rec/request;"
                                + " load %s%n", run + 1,
                        r.records() / r.seconds(), cpu / 1e3 / r.records(), cpu / 1e3 / r.requests(),
                        (double) bytes / r.records(), (double) bytes / r.requests(), r.requests(),
                        (double) r.records() / r.requests(), Machine.loadAverage());
            }
        }
    }

    /**
     * Wall time per 1,000 acknowledgements over requests 24,000 to 32,000 and over 32,000 to 40,000: over 2
     * connections at 64 KiB a request, the second span holds the request that first passes 1 GiB per partition
     * (the 32,976th at 1 KiB records), where a segment rolls, and so any stall the roll causes.
     */
    private static String aroundRoll(AckTimeline acks) {
        return String.format(Locale.ROOT, "%.1f over requests 24,000-32,000, %.1f over 32,000-40,000 (the roll)",
                acks.millisPerThousand(24_000, 32_000), acks.millisPerThousand(32_000, 40_000));
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
