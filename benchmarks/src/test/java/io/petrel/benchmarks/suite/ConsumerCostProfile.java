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
 * samples; with one client named, the recording holds that client's work only.
 */
public final class ConsumerCostProfile {
    private static final Duration POLL = Duration.ofMillis(100);
    /** USER_HZ, the unit of /proc's CPU times: 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private ConsumerCostProfile() {
    }

    /** One measured read. */
    private record Cost(String client, long records, double seconds, double pollingCpu, double processCpu,
                        long pollingAllocated, long allAllocated, long valueBytes, Map<String, Long> cpuTicksByThread) {
        String line() {
            StringBuilder byThread = new StringBuilder();
            cpuTicksByThread.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> byThread.append(String.format(Locale.ROOT, " %s=%.3f", e.getKey(),
                            e.getValue() / TICKS_PER_SECOND / records * 1e6)));
            return String.format(Locale.ROOT,
                    "%-13s %9.0f rec/s  polling CPU %6.3f s/M rec  process CPU %6.3f s/M rec  alloc polling %6.1f B/rec"
                            + "  all threads %6.1f B/rec  load %s%n      CPU s/M rec by thread:%s",
                    client, records / seconds, pollingCpu / records * 1e6, processCpu / records * 1e6,
                    (double) pollingAllocated / records, (double) allAllocated / records, loadAverage(), byThread);
        }
    }

    public static void main(String[] args) throws Exception {
        String brokerKind = args.length > 0 ? args[0] : "stub";
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<ConsumerClient> clients = new ArrayList<>();
        for (String c : (args.length > 3 ? args[3] : "petrel,kafka").split(",")) {
            clients.add(c.equals("petrel") ? new PetrelConsumerClient() : new KafkaConsumerClient());
        }
        BrokerProcess.Kind kind = brokerKind.equals("kafka") ? BrokerProcess.Kind.KAFKA : BrokerProcess.Kind.STUB;
        try (BrokerProcess broker = BrokerProcess.start(kind, List.of("-Xmx1g"))) {
            String topic = ConsumerThroughput.fill(broker, "profile-" + ConsumerThroughput.RECORD_SIZE, records);
            for (ConsumerClient client : clients) {
                System.out.println("warm-up " + read(broker, client, topic, records).line());
            }
            for (int r = 0; r < repeats; r++) {
                for (ConsumerClient client : Interleaving.order(clients, r)) {
                    System.gc();
                    Cost cost = read(broker, client, topic, records);
                    System.out.println("run " + (r + 1) + "   " + cost.line());
                }
            }
        }
    }

    private static Cost read(BrokerProcess broker, ConsumerClient client, String topic, long expected) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] bytes = new long[1];
        try (ConsumerClient.Reader reader = client.open(ConsumerThroughput.settings(broker.bootstrapServers()), topic,
                true)) {
            Map<Long, Long> allocated0 = allocatedByThread(threads);
            Map<String, Long> ticks0 = cpuTicksByThreadKind();
            long polling0 = threads.getCurrentThreadAllocatedBytes();
            long cpu0 = threads.getCurrentThreadCpuTime();
            double process0 = Machine.thisProcessCpuSeconds();
            long t0 = System.nanoTime();
            long count = 0;
            while (count < expected) {
                count += reader.poll(POLL, v -> bytes[0] += v.length);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long pollingAllocated = threads.getCurrentThreadAllocatedBytes() - polling0;
            double pollingCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double processCpu = Machine.thisProcessCpuSeconds() - process0;
            long allAllocated = 0;
            for (Map.Entry<Long, Long> e : allocatedByThread(threads).entrySet()) {
                allAllocated += e.getValue() - allocated0.getOrDefault(e.getKey(), 0L);
            }
            Map<String, Long> ticks = cpuTicksByThreadKind();
            ticks0.forEach((k, v) -> ticks.merge(k, -v, Long::sum));
            return new Cost(client.name(), count, seconds, pollingCpu, processCpu, pollingAllocated, allAllocated,
                    bytes[0], ticks);
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
