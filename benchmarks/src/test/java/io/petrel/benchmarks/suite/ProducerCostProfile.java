package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The producer part's workload measured by cost rather than by wall time, Petrel and kafka-clients
 * interleaved in one JVM against one broker: each thread's CPU per record, bytes allocated per record (all
 * threads, and by thread), the JVM's own cost per record ({@link JvmInternalCost}: GC count and pause time, CPU of the
 * GC and JIT threads, bytes young collections kept alive), and what went on the wire: bytes per record, records per request, requests per second, batch size.
 * Load-independent evidence for changes to the producer's per-byte path (issue #17: Petrel wins where per-record
 * costs dominate and lost at 1 KiB and above); records/s and the load average are printed beside it.
 *
 * <p>Run: {@code java -cp <benchmarks test class path> io.petrel.benchmarks.suite.ProducerCostProfile
 * [stub|kafka] [record size] [records] [repeats] [acks] [compression] [petrel,kafka] [batch.size]}
 * (batch.size 65536 as the producer part by default; the record-size curve uses 262144 with max.request.size
 * 1 MiB, given to both clients here whenever batch.size is above 65536). Add
 * {@code -XX:StartFlightRecording=filename=F.jfr,settings=profile} with one client named for CPU samples of that
 * client alone.
 */
public final class ProducerCostProfile {
    private ProducerCostProfile() {
    }

    public static void main(String[] args) throws Exception {
        String brokerKind = arg(args, 0, "stub");
        int recordSize = Integer.parseInt(arg(args, 1, "1024"));
        int records = Integer.parseInt(arg(args, 2, "300000").replace("_", ""));
        int repeats = Integer.parseInt(arg(args, 3, "3"));
        String acks = arg(args, 4, "1");
        String compression = arg(args, 5, "none");
        List<ProducerClients.Client> clients = java.util.Arrays.stream(arg(args, 6, "petrel,kafka").split(","))
                .map(c -> c.equals("petrel") ? ProducerClients.PETREL : ProducerClients.KAFKA).toList();
        int batchSize = Integer.parseInt(arg(args, 7, "65536"));
        // A few MB of distinct values, as the record-size curve draws them, so 100 KiB records do not fill the heap.
        Payloads payloads = new Payloads(recordSize, 42,
                Math.min(16_384, Integer.highestOneBit(Math.max(1, (32 << 20) / recordSize))));
        BrokerProcess.Kind kind = brokerKind.equals("kafka") ? BrokerProcess.Kind.KAFKA : BrokerProcess.Kind.STUB;
        System.out.printf(Locale.ROOT, "%s, %d B records, acks=%s, %s, %,d records per run%n", kind.displayName(),
                recordSize, acks, compression, records);
        try (BrokerProcess broker = BrokerProcess.start(kind, List.of("-Xmx1g"))) {
            for (ProducerClients.Client client : clients) {
                System.out.println("warm-up " + run(broker, client, settings(broker, acks, compression, batchSize), payloads,
                        Math.max(50_000, records / 2)));
            }
            for (int r = 0; r < repeats; r++) {
                for (ProducerClients.Client client : Interleaving.order(clients, r)) {
                    System.out.println("run " + (r + 1) + "   "
                            + run(broker, client, settings(broker, acks, compression, batchSize), payloads, records));
                }
            }
        }
    }

    private static String arg(String[] args, int i, String otherwise) {
        return args.length > i ? args[i] : otherwise;
    }

    /** ProducerPerformance's settings, as the suite's producer part uses them. */
    private static Map<String, Object> settings(BrokerProcess broker, String acks, String compression,
                                                int batchSize) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", broker.bootstrapServers());
        s.put("acks", acks);
        s.put("linger.ms", "5");
        s.put("batch.size", Integer.toString(batchSize));
        if (batchSize > 65536) {
            s.put("max.request.size", Integer.toString(1 << 20));
        }
        s.put("compression.type", compression);
        s.put("enable.idempotence", "false");
        return s;
    }

    private static int topics;

    private static String run(BrokerProcess broker, ProducerClients.Client client, Map<String, Object> settings,
                              Payloads payloads, int records) throws Exception {
        String topic = "cost-" + client.name().toLowerCase(Locale.ROOT) + "-" + (++topics);
        broker.createTopic(topic, 1);
        System.gc();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long>[] allocated = new Map[2];
        JvmInternalCost.Snapshot[] internal = new JvmInternalCost.Snapshot[1];
        String[] jvmInternal = new String[1];
        RunMeasurement m = new RunMeasurement(records, broker::cpuSeconds, new RunMeasurement.Hooks() {
            @Override
            public void beforeStart() {
                allocated[0] = ConsumerCostProfile.allocatedByThread(threads);
                internal[0] = JvmInternalCost.start();
            }

            @Override
            public void afterEnd() {
                allocated[1] = ConsumerCostProfile.allocatedByThread(threads);
                jvmInternal[0] = internal[0].perRecord(records);
            }
        });
        client.run(topic, settings, payloads, records, m);
        RunResult r = m.result(broker.name(), String.valueOf(settings.get("compression.type")), 1, client.name(), 0,
                payloads.recordSize(), records);
        long bytes = 0;
        Map<String, Long> allocatedByName = new java.util.TreeMap<>();
        for (Map.Entry<Long, Long> e : allocated[1].entrySet()) {
            long b = e.getValue() - allocated[0].getOrDefault(e.getKey(), 0L);
            bytes += b;
            java.lang.management.ThreadInfo info = threads.getThreadInfo(e.getKey());
            if (info != null && b >= records) {
                allocatedByName.merge(info.getThreadName().replaceAll("\\s*[|/].*", "").replaceAll("\\d+", "N"), b,
                        Long::sum);
            }
        }
        StringBuilder allocByThread = new StringBuilder();
        allocatedByName.forEach((name, b) -> allocByThread.append(String.format(Locale.ROOT, " %s=%.0f", name,
                (double) b / records)));
        StringBuilder byThread = new StringBuilder();
        r.threadCpuSeconds().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> byThread.append(String.format(Locale.ROOT, " %s=%.2f",
                        e.getKey().replaceAll("\\s*[|/].*", ""), e.getValue() / records * 1e6)));
        double requests = r.metric("request-total");
        return String.format(Locale.ROOT,
                "%-13s %7.0f rec/s  client CPU %5.2f us/rec (by thread:%s)  alloc %6.0f B/rec (by thread:%s)  %s  wire %6.1f B/rec"
                        + "  %5.0f req/s  %5.1f rec/req  batch %6.0f B  req latency %5.2f ms  broker CPU %5.2f us/rec"
                        + "  GC %d ms  load %.2f",
                r.client(), r.recordsPerSecond(), r.clientCpuMicrosPerRecord(), byThread, (double) bytes / records,
                allocByThread, jvmInternal[0],
                r.metric("outgoing-byte-total") / records, requests / r.seconds(), records / requests,
                r.metric("batch-size-avg"), r.metric("request-latency-avg"), r.brokerCpuMicrosPerRecord(),
                r.clientGcMillis(), r.load1());
    }
}
