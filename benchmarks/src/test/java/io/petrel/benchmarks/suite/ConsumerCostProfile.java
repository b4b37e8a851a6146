package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Machine;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The consumer part's workload (ConsumerPerformance: N x 100 B records read from the beginning of one
 * partition) measured by cost rather than by wall time, Petrel and kafka-clients interleaved in one JVM: bytes
 * allocated per record on the polling thread and on every thread of the JVM, the polling thread's CPU and the
 * whole client JVM's CPU per million records. Load-independent evidence for consumer changes, which a shared
 * machine's wall-clock throughput is not; wall-clock records/s and the load average are printed beside it.
 *
 * <p>Run: {@code java -cp <benchmarks test class path> io.petrel.benchmarks.suite.ConsumerCostProfile
 * [stub|kafka] [records] [repeats] [petrel,kafka]}. Add {@code -XX:StartFlightRecording=filename=F.jfr} for CPU
 * samples; with one client named, the recording holds that client's work only; the broker JVM's own options
 * go in {@code -Dprofile.broker.options=...} (space-separated).
 */
public final class ConsumerCostProfile {
    private static final Duration POLL = Duration.ofMillis(100);
    /** USER_HZ, the unit of /proc's CPU times: 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private ConsumerCostProfile() {
    }

    /** One measured read. */
    private record Cost(String client, long records, double seconds, double pollingCpu, double processCpu,
                        long pollingAllocated, long allAllocated, long valueBytes, Map<String, Long> cpuTicksByThread,
                        double fetches, double fetchedBytes, double fetchLatencyMs, double brokerCpu,
                        String clientSwitches, String brokerSwitches) {
        String line() {
            StringBuilder byThread = new StringBuilder();
            cpuTicksByThread.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> byThread.append(String.format(Locale.ROOT, " %s=%.3f", e.getKey(),
                            e.getValue() / TICKS_PER_SECOND / records * 1e6)));
            return String.format(Locale.ROOT,
                    "%-13s %9.0f rec/s  polling CPU %6.3f s/M rec  process CPU %6.3f s/M rec  alloc polling %6.1f B/rec"
                            + "  all threads %6.1f B/rec  load %s%n      CPU s/M rec by thread:%s%n"
                            + "      fetches %.0f (%.0f/s, %.1f per 1,000 rec)  %.0f KiB and %.0f rec per fetch"
                            + "  fetch latency avg %.2f ms  polling thread off-CPU %.0f %%  broker CPU %.3f s/M rec",
                    client, records / seconds, pollingCpu / records * 1e6, processCpu / records * 1e6,
                    (double) pollingAllocated / records, (double) allAllocated / records, loadAverage(), byThread,
                    fetches, fetches / seconds, fetches / records * 1000, fetchedBytes / fetches / 1024,
                    records / fetches, fetchLatencyMs, 100 * (1 - pollingCpu / seconds), brokerCpu / records * 1e6)
                    + String.format(Locale.ROOT, "%n      per fetch, client threads: %s%n      per fetch, broker threads: %s",
                    clientSwitches, brokerSwitches);
        }
    }

    public static void main(String[] args) throws Exception {
        String brokerKind = args.length > 0 ? args[0] : "stub";
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Variant> clients = new ArrayList<>();
        for (String c : (args.length > 3 ? args[3] : "petrel,kafka").split(",")) {
            clients.add(Variant.parse(c));
        }
        BrokerProcess.Kind kind = brokerKind.equals("kafka") ? BrokerProcess.Kind.KAFKA : BrokerProcess.Kind.STUB;
        List<String> brokerOptions = new ArrayList<>(List.of("-Xmx1g"));
        // e.g. -Dprofile.broker.options=-XX:StartFlightRecording=filename=broker.jfr for the broker's samples
        String extra = System.getProperty("profile.broker.options", "");
        if (!extra.isBlank()) {
            brokerOptions.addAll(List.of(extra.trim().split("\\s+")));
        }
        try (BrokerProcess broker = BrokerProcess.start(kind, brokerOptions)) {
            String topic = ConsumerThroughput.fill(broker, "profile-" + ConsumerThroughput.RECORD_SIZE, records);
            for (Variant client : clients) {
                System.out.println("warm-up " + read(broker, client, topic, records).line());
            }
            for (int r = 0; r < repeats; r++) {
                for (Variant client : Interleaving.order(clients, r)) {
                    System.gc();
                    Cost cost = read(broker, client, topic, records);
                    System.out.println("run " + (r + 1) + "   " + cost.line());
                }
            }
        }
    }

    /**
     * A client and the settings it gets over the workload's: "petrel", "kafka", or either followed by
     * "/key=value" pairs (e.g. {@code petrel/receive.buffer.bytes=-1}), so that settings are compared in one JVM.
     */
    private record Variant(ConsumerClient client, String label, Map<String, Object> overrides) {
        static Variant parse(String spec) {
            String[] parts = spec.split("/");
            ConsumerClient client = parts[0].equals("petrel") ? new PetrelConsumerClient() : new KafkaConsumerClient();
            Map<String, Object> overrides = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                overrides.put(kv[0], kv[1]);
            }
            return new Variant(client, parts.length == 1 ? client.name() : spec, overrides);
        }

        Map<String, Object> settings(String bootstrap) {
            Map<String, Object> settings = ConsumerThroughput.settings(bootstrap);
            settings.putAll(overrides);
            return settings;
        }
    }

    private static Cost read(BrokerProcess broker, Variant client, String topic, long expected) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] bytes = new long[1];
        try (ConsumerClient.Reader reader = client.client().open(client.settings(broker.bootstrapServers()), topic,
                true)) {
            Map<Long, Long> allocated0 = allocatedByThread(threads);
            Map<String, Long> ticks0 = cpuTicksByThreadKind();
            long polling0 = threads.getCurrentThreadAllocatedBytes();
            long cpu0 = threads.getCurrentThreadCpuTime();
            double process0 = Machine.thisProcessCpuSeconds();
            double broker0 = broker.cpuSeconds();
            Map<String, long[]> clientSwitches0 = ThreadSwitches.snapshot();
            Map<String, long[]> brokerSwitches0 = ThreadSwitches.snapshot(broker.pid());
            long t0 = System.nanoTime();
            long count = 0;
            while (count < expected) {
                count += reader.poll(POLL, v -> bytes[0] += v.length);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long pollingAllocated = threads.getCurrentThreadAllocatedBytes() - polling0;
            double pollingCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double processCpu = Machine.thisProcessCpuSeconds() - process0;
            double brokerCpu = broker.cpuSeconds() - broker0;
            Map<String, long[]> clientSwitches = ThreadSwitches.snapshot();
            Map<String, long[]> brokerSwitches = ThreadSwitches.snapshot(broker.pid());
            double fetches = reader.fetchMetric("fetch-total");
            long allAllocated = 0;
            for (Map.Entry<Long, Long> e : allocatedByThread(threads).entrySet()) {
                allAllocated += e.getValue() - allocated0.getOrDefault(e.getKey(), 0L);
            }
            Map<String, Long> ticks = cpuTicksByThreadKind();
            ticks0.forEach((k, v) -> ticks.merge(k, -v, Long::sum));
            return new Cost(client.label(), count, seconds, pollingCpu, processCpu, pollingAllocated, allAllocated,
                    bytes[0], ticks, fetches, reader.fetchMetric("bytes-consumed-total"),
                    reader.fetchMetric("fetch-latency-avg"), brokerCpu,
                    ThreadSwitches.perUnit(clientSwitches0, clientSwitches, fetches, 0.5, 50),
                    ThreadSwitches.perUnit(brokerSwitches0, brokerSwitches, fetches, 0.5, 50));
        }
    }

    /** Bytes allocated so far by each live thread (threads started since count from zero); the producer's profile too. */
    static Map<Long, Long> allocatedByThread(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byId = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (allocated[i] >= 0) {
                byId.put(ids[i], allocated[i]);
            }
        }
        return byId;
    }

    /**
     * CPU ticks used so far by this JVM's threads, JVM-internal ones (GC, JIT compiler) included, from
     * /proc/self/task, summed by thread name with digits dropped (empty where /proc is missing).
     */
    private static Map<String, Long> cpuTicksByThreadKind() {
        Map<String, Long> byKind = new HashMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return byKind;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
                byKind.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            } catch (IOException e) {
                // The thread ended between the listing and the read: its ticks are gone with it.
                continue;
            }
        }
        return byKind;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
