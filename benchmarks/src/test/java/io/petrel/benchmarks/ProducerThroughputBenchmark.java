package io.petrel.benchmarks;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.JfrSummary;
import io.petrel.benchmarks.producer.Machine;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.testsupport.ClassPathSnapshot;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Petrel's producer beside kafka-clients' KafkaProducer (4.3.1): same broker, same run, same settings, the
 * workload of Kafka's ProducerPerformance.
 *
 * <p><b>Workload</b> (ProducerPerformance's, as shared/notes/kafka-facts.md quotes it: 280-325 k rec/s for
 * Kafka on this kind of machine): {@code --records} records (1,000,000) of {@code --record-size} bytes (100)
 * of random 'A'..'Z', no key, {@code acks=1}, {@code linger.ms=5}, {@code batch.size=65536},
 * {@code compression.type} none and lz4, {@code enable.idempotence=false} (what acks=1 gives both clients by
 * default), everything else at the clients' defaults (buffer.memory 32 MiB, 5 requests in flight). Both
 * producers are built from one settings map. Every run writes to a fresh topic ({@code --partitions}, 1 by
 * default; 3 as an option) created beforehand through the Admin API.
 *
 * <p><b>Brokers</b>, each a JVM of its own with the same options ({@code --broker-jvm-opts}, default
 * {@code -Xmx1g}, otherwise the JVM's defaults): broker-stub as {@code io.petrel.tools.Petrel broker --port P
 * --data-dir D}, and with {@code --real-kafka} also a real Apache Kafka 4.3.1 (single node, KRaft, formatted
 * fresh) from the Maven jars. The clients run in this JVM.
 *
 * <p><b>Runs</b>: per cell (broker x compression x partitions) one unmeasured warm-up run of each client
 * ({@code --warmup-records}, 200,000), then Petrel, kafka-clients, Petrel, kafka-clients... ({@code --repeats}
 * 3 pairs). A run is timed from just before the first send() to the last callback after flush(); producer
 * creation, metadata and close are outside. Per run: records/s, MB/s (values only, MB = 2^20 B, as
 * ProducerPerformance), send-to-ack latency p50/p99/p99.9 from an HdrHistogram filled in the callbacks, the CPU
 * this JVM and the broker JVM used, the CPU the rest of the machine used meanwhile (other load), and a check
 * that the topic holds every record. Between runs: System.gc(), 0.5 s, then a wait (up to {@code --quiet-wait}
 * 10 s) for a 0.5 s window in which the rest of the machine used under {@code --quiet-below} 0.25 cores: on a
 * shared machine other sessions' builds come and go. The report gives medians per
 * cell and the Petrel / kafka-clients ratio, prints it, and writes it with every run, the machine and the
 * command to {@code benchmarks/target/producer-throughput.md}.
 *
 * <p>{@code --jfr} adds, after the measured runs on the first broker, one Petrel run and one kafka-clients
 * run of the first cell under a JFR recording (profile settings, CPU sampled every millisecond), saved as
 * {@code benchmarks/target/producer-*.jfr} with a summary of the hottest frames in the report.
 *
 * <pre>
 * mvn -B -ntp -o -q -pl client-producer,broker-stub,tools -am install -DskipTests
 * mvn -B -ntp -o -q -pl benchmarks test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/benchmarks/target/test-classpath.txt
 * java -cp benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt) \
 *     io.petrel.benchmarks.ProducerThroughputBenchmark [--records N] [--repeats R] [--compression none,lz4]
 *     [--partitions 1,3] [--real-kafka] [--no-stub] [--warmup-records N] [--jfr] [--broker-jvm-opts "-Xmx1g"]
 *     [--record-size B] [--acks 1] [--linger-ms 5] [--batch-size 65536] [--quiet-below 0.25] [--quiet-wait 10]
 *     [--out FILE]
 * </pre>
 */
public final class ProducerThroughputBenchmark {
    private static final String KAFKA_ANCHOR = "Kafka's own ProducerPerformance on this kind of machine"
            + " (shared/notes/kafka-facts.md): 280-325 k rec/s (27-31 MB/s) none, ~290-320 k rec/s lz4";
    private static final Duration PAUSE_BETWEEN_RUNS = Duration.ofMillis(500);
    private static final double QUIET_PAIR_CORES = 0.1;

    private int records = 1_000_000;
    private int recordSize = 100;
    private int repeats = 3;
    private int warmupRecords = 200_000;
    private List<String> compressions = List.of("none", "lz4");
    private List<Integer> partitions = List.of(1);
    private boolean stub = true;
    private boolean realKafka;
    private boolean jfr;
    private String acks = "1";
    private int lingerMs = 5;
    private int batchSize = 65_536;
    private List<String> brokerJvmOptions = List.of("-Xmx1g");
    private Path out;
    private double quietBelowCores = 0.25;
    private int quietWaitSeconds = 10;
    private QuietMachine quietMachine;
    private final String[] args;

    private final List<RunResult> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private final List<RunResult> profiled = new ArrayList<>();
    private int topicSequence;

    private ProducerThroughputBenchmark(String[] args) {
        this.args = args.clone();
    }

    public static void main(String[] args) throws Exception {
        // The clients log their whole configuration at INFO for every producer: keep the report readable.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ProducerThroughputBenchmark bench = new ProducerThroughputBenchmark(args);
        bench.parse();
        bench.run();
    }

    private void parse() throws URISyntaxException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--records" -> records = Integer.parseInt(args[++i].replace("_", ""));
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--warmup-records" -> warmupRecords = Integer.parseInt(args[++i].replace("_", ""));
                case "--compression" -> compressions = List.of(args[++i].split(","));
                case "--partitions" -> partitions = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--real-kafka" -> realKafka = true;
                case "--no-stub" -> stub = false;
                case "--jfr" -> jfr = true;
                case "--acks" -> acks = args[++i];
                case "--linger-ms" -> lingerMs = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--broker-jvm-opts" -> brokerJvmOptions = List.of(args[++i].trim().split("\\s+"));
                case "--out" -> out = Path.of(args[++i]);
                case "--quiet-below" -> quietBelowCores = Double.parseDouble(args[++i]);
                case "--quiet-wait" -> quietWaitSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + a + "; see the class comment of "
                        + ProducerThroughputBenchmark.class.getName() + " for the options");
            }
        }
        quietMachine = new QuietMachine(quietBelowCores, Duration.ofSeconds(quietWaitSeconds));
        if (!stub && !realKafka) {
            throw new IllegalArgumentException("--no-stub without --real-kafka leaves no broker");
        }
        if (out == null) {
            // benchmarks/target/test-classes -> benchmarks/target
            Path classes = Path.of(ProducerThroughputBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            out = classes.getParent().resolve("producer-throughput.md");
        }
    }

    private Map<String, Object> settings(String bootstrap, String compression) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("acks", acks);
        s.put("linger.ms", Integer.toString(lingerMs));
        s.put("batch.size", Integer.toString(batchSize));
        s.put("compression.type", compression);
        s.put("enable.idempotence", "false");
        return s;
    }

    private void run() throws Exception {
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadBefore = Machine.loadAverage();
        System.out.println("Producer throughput: Petrel vs kafka-clients 4.3.1, " + started);
        Machine.facts().forEach(f -> System.out.println("  " + f));
        System.out.println("  load average before: " + loadBefore);
        int preloaded = ClassPathSnapshot.preloadClasses();
        System.out.println("  preloaded " + preloaded + " classes of the class path's directories and SNAPSHOT jars"
                + " (builds may rewrite them meanwhile)");
        Payloads payloads = new Payloads(recordSize, 42);
        List<Client> clients = List.of(ProducerClients.PETREL, ProducerClients.KAFKA);

        List<String> brokers = new ArrayList<>();
        if (stub) {
            brokers.add("stub");
        }
        if (realKafka) {
            brokers.add("kafka");
        }
        boolean first = true;
        for (String kind : brokers) {
            try (BrokerProcess broker = kind.equals("stub") ? BrokerProcess.startStub(brokerJvmOptions)
                    : BrokerProcess.startKafka(brokerJvmOptions)) {
                String note = String.format(Locale.ROOT, "%s: pid %d, started in %.1f s, RSS %.0f MiB after start",
                        broker.name(), broker.pid(), broker.startSeconds(), broker.rssMiB());
                System.out.println(note);
                for (String compression : compressions) {
                    for (int p : partitions) {
                        System.out.printf(Locale.ROOT, "%n%s, compression %s, %d partition(s)%n", broker.name(), compression, p);
                        if (warmupRecords > 0) {
                            for (Client c : clients) {
                                RunResult w = runOnce(broker, c, compression, p, warmupRecords, payloads, -1,
                                        RunMeasurement.Hooks.NONE);
                                print("warm-up", w);
                            }
                        }
                        for (int r = 0; r < repeats; r++) {
                            for (Client c : clients) {
                                RunResult res = runOnce(broker, c, compression, p, records, payloads, r,
                                        RunMeasurement.Hooks.NONE);
                                results.add(res);
                                print("run " + (r + 1), res);
                            }
                        }
                    }
                }
                if (jfr && first) {
                    for (String compression : compressions) {
                        for (Client c : clients) {
                            profile(broker, c, compression, partitions.get(0), payloads);
                        }
                    }
                }
                notes.add(note + String.format(Locale.ROOT, ", RSS %.0f MiB at the end", broker.rssMiB()));
            }
            first = false;
        }
        String loadAfter = Machine.loadAverage();
        String report = report(started, loadBefore, loadAfter);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private RunResult runOnce(BrokerProcess broker, Client client, String compression, int p, int n, Payloads payloads,
                              int repeat, RunMeasurement.Hooks hooks) throws Exception {
        String topic = String.format(Locale.ROOT, "bench-%s-%s-p%d-%d", client.name().toLowerCase(Locale.ROOT),
                compression, p, ++topicSequence);
        broker.createTopic(topic, p);
        System.gc();
        Thread.sleep(PAUSE_BETWEEN_RUNS.toMillis());
        quietMachine.await(broker::cpuSeconds);
        RunMeasurement m = new RunMeasurement(n, broker::cpuSeconds, hooks);
        client.run(topic, settings(broker.bootstrapServers(), compression), payloads, n, m);
        long landed = broker.recordsIn(topic);
        return m.result(broker.name(), compression, p, client.name(), repeat, recordSize, landed);
    }

    private void profile(BrokerProcess broker, Client client, String compression, int p, Payloads payloads)
            throws Exception {
        Path file = out.toAbsolutePath().getParent().resolve("producer-" + client.name().toLowerCase(Locale.ROOT) + "-"
                + compression + ".jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            Instant[] window = new Instant[2];
            RunMeasurement.Hooks hooks = new RunMeasurement.Hooks() {
                @Override
                public void beforeStart() {
                    recording.start();
                    window[0] = Instant.now();
                }

                @Override
                public void afterEnd() {
                    window[1] = Instant.now();
                    recording.stop();
                }
            };
            RunResult r = runOnce(broker, client, compression, p, records, payloads, -1, hooks);
            print("under JFR", r);
            profiled.add(r);
            recording.dump(file);
            profiles.add(String.format(Locale.ROOT, "### %s on %s, compression %s, %d partition(s), under JFR: %.0f rec/s",
                    client.name(), broker.name(), compression, p, r.recordsPerSecond()));
            profiles.add("");
            profiles.add("CPU per thread of the benchmark JVM in that run: " + threads(r) + ".");
            profiles.add("");
            profiles.add("Recording: `" + file + "` (open in JDK Mission Control, or `jfr print --events"
                    + " jdk.ExecutionSample`). Summary of the measured interval only (first send to last ack):");
            profiles.add("");
            profiles.addAll(JfrSummary.summarize(file, window[0], window[1]));
        }
    }

    private static void print(String what, RunResult r) {
        System.out.printf(Locale.ROOT, "  %-9s %-13s %9.0f rec/s %6.2f MB/s  p50 %6.1f p99 %7.1f p99.9 %7.1f ms"
                        + "  CPU client %5.2f us/rec broker %5.2f us/rec, other load %.1f CPU-s%s%n",
                what, r.client(), r.recordsPerSecond(), r.megabytesPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                r.clientCpuMicrosPerRecord(), r.brokerCpuMicrosPerRecord(), r.otherCpuSeconds(),
                r.ok() ? "" : "  FAILED: " + r.errors() + " errors, " + r.landed() + " landed, first " + r.firstError());
    }

    // --- report ---

    private String report(String started, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Producer throughput: Petrel vs kafka-clients 4.3.1\n\n");
        md.append("Run ").append(started).append(". Workload as Kafka's ProducerPerformance: ")
                .append(String.format(Locale.ROOT, "%,d", records)).append(" records x ").append(recordSize)
                .append(" B random A-Z values, no key; both clients built from one settings map: `acks=").append(acks)
                .append(" linger.ms=").append(lingerMs).append(" batch.size=").append(batchSize)
                .append(" enable.idempotence=false compression.type=<cell>`, the rest at defaults. Fresh topic per run.")
                .append(" Per cell: one warm-up run of each client (").append(String.format(Locale.ROOT, "%,d", warmupRecords))
                .append(" records, not counted), then ").append(repeats)
                .append(" interleaved pairs (Petrel, kafka-clients, Petrel, ...). Brokers in their own JVMs with `")
                .append(String.join(" ", brokerJvmOptions)).append("`; clients in the benchmark JVM.\n\n");

        md.append("## Medians per cell\n\n");
        md.append("| broker | compression | partitions | client | records/s | MB/s | p50 ms | p99 ms | p99.9 ms "
                + "| client CPU µs/rec | broker CPU µs/rec | Petrel / kafka-clients (records/s) | median of pair ratios |\n");
        md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> cells = results.stream().map(r -> r.broker() + "|" + r.compression() + "|" + r.partitions())
                .distinct().toList();
        for (String cell : cells) {
            List<RunResult> petrel = cell(cell, ProducerClients.PETREL.name());
            List<RunResult> kafka = cell(cell, ProducerClients.KAFKA.name());
            double ratio = median(petrel, RunResult::recordsPerSecond) / median(kafka, RunResult::recordsPerSecond);
            row(md, petrel, String.format(Locale.ROOT, "**%.2fx** | %.2fx", ratio, medianPairRatio(cell)));
            row(md, kafka, " | ");
        }
        quietPairs(md, cells);
        md.append("\n").append(KAFKA_ANCHOR).append(".\n");
        md.append("Ratios per cell: ");
        List<String> ratios = new ArrayList<>();
        for (String cell : cells) {
            List<RunResult> petrel = cell(cell, ProducerClients.PETREL.name());
            List<RunResult> kafka = cell(cell, ProducerClients.KAFKA.name());
            ratios.add(String.format(Locale.ROOT, "%s: records/s %.2fx, p99 latency %.2fx, client CPU per record %.2fx,"
                            + " broker CPU per record %.2fx",
                    cell.replace('|', '/'),
                    median(petrel, RunResult::recordsPerSecond) / median(kafka, RunResult::recordsPerSecond),
                    median(petrel, RunResult::p99Ms) / median(kafka, RunResult::p99Ms),
                    median(petrel, RunResult::clientCpuMicrosPerRecord) / median(kafka, RunResult::clientCpuMicrosPerRecord),
                    median(petrel, RunResult::brokerCpuMicrosPerRecord) / median(kafka, RunResult::brokerCpuMicrosPerRecord)));
        }
        md.append(String.join("; ", ratios)).append(".\n");
        long failed = results.stream().filter(r -> !r.ok()).count();
        md.append(failed == 0 ? "Every run: no record failed, and the topic held every record afterwards.\n"
                : "**" + failed + " run(s) FAILED** (errors, or records missing from the topic): see all runs.\n");

        md.append("\n## Machine and load\n\n");
        Machine.facts().forEach(f -> md.append("- ").append(f).append('\n'));
        notes.forEach(n -> md.append("- broker ").append(n).append('\n'));
        md.append("- load average (1/5/15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
        md.append(String.format(Locale.ROOT, "- CPU used by the rest of the machine during the measured runs (machine-wide"
                        + " busy time less the two JVMs): median %.2f CPU-s per run, max %.2f; runs last %.1f-%.1f s on %d cores\n",
                median(results, RunResult::otherCpuSeconds),
                results.stream().mapToDouble(RunResult::otherCpuSeconds).max().orElse(Double.NaN),
                results.stream().mapToDouble(RunResult::seconds).min().orElse(Double.NaN),
                results.stream().mapToDouble(RunResult::seconds).max().orElse(Double.NaN),
                Runtime.getRuntime().availableProcessors()));
        md.append(String.format(Locale.ROOT, "- before each run the benchmark waited up to %d s for the rest of the machine"
                        + " to use < %.2f cores over %d ms: %.0f s of waiting in all; %d run(s) started on a busier machine"
                        + " after the wait%n", quietWaitSeconds, quietBelowCores, QuietMachine.WINDOW.toMillis(),
                quietMachine.waitedSeconds(), quietMachine.startedBusy()));
        md.append("\nCommand (from the repository root, after the two mvn steps in benchmarks/README.md):\n\n```\n")
                .append(command()).append("\n```\n");

        md.append("\n## All runs\n\n");
        md.append("| broker | compression | p | client | run | s | records/s | MB/s | send loop s | p50 ms | p99 ms "
                + "| p99.9 ms | max ms | client CPU s | client GC ms | broker CPU s | other CPU s | load1 | requests "
                + "| batch B avg | request ms avg | client threads, CPU s | ok |\n");
        md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (RunResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f"
                            + " | %.1f | %.2f | %d | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %s | %s |\n",
                    r.broker(), r.compression(), r.partitions(), r.client(), r.repeat() + 1, r.seconds(),
                    r.recordsPerSecond(), r.megabytesPerSecond(), r.sendLoopSeconds(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                    r.maxMs(), r.clientCpuSeconds(), r.clientGcMillis(), r.brokerCpuSeconds(), r.otherCpuSeconds(),
                    r.load1(), r.metric("request-total"), r.metric("batch-size-avg"), r.metric("request-latency-avg"),
                    threads(r), r.ok() ? "yes" : "NO: " + r.errors() + " errors, " + r.landed() + " landed"));
        }
        if (!profiles.isEmpty()) {
            md.append("\n## Profiles\n\n");
            profiles.forEach(l -> md.append(l).append('\n'));
        }
        return md.toString();
    }

    /** The busiest threads of the benchmark JVM in a run: "main 1.20, petrel-producer-sender 0.80, ...". */
    private static String threads(RunResult r) {
        return r.threadCpuSeconds().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(4)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey().replace("|", "/"), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private List<RunResult> cell(String cell, String client) {
        return results.stream().filter(r -> (r.broker() + "|" + r.compression() + "|" + r.partitions()).equals(cell)
                && r.client().equals(client)).toList();
    }

    private static void row(StringBuilder md, List<RunResult> runs, String ratio) {
        RunResult any = runs.get(0);
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %,.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |\n",
                any.broker(), any.compression(), any.partitions(), any.client(),
                median(runs, RunResult::recordsPerSecond), median(runs, RunResult::megabytesPerSecond),
                median(runs, RunResult::p50Ms), median(runs, RunResult::p99Ms), median(runs, RunResult::p999Ms),
                median(runs, RunResult::clientCpuMicrosPerRecord), median(runs, RunResult::brokerCpuMicrosPerRecord),
                ratio));
    }

    /**
     * The same medians over the pairs in which neither run shared the machine with more than
     * {@link #QUIET_PAIR_CORES} cores of other work: on a shared machine, the closest to an idle one.
     */
    private void quietPairs(StringBuilder md, List<String> cells) {
        md.append(String.format(Locale.ROOT, "%nQuiet pairs only (both runs of a pair had under %.2f cores of other load"
                + " on average):%n%n", QUIET_PAIR_CORES));
        md.append("| broker | compression | partitions | quiet pairs | Petrel records/s | kafka-clients records/s "
                + "| Petrel / kafka-clients | Petrel p99 ms | kafka-clients p99 ms |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String cell : cells) {
            List<RunResult> petrel = new ArrayList<>();
            List<RunResult> kafka = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                int repeat = r;
                RunResult p = cell(cell, ProducerClients.PETREL.name()).stream().filter(x -> x.repeat() == repeat)
                        .findFirst().orElse(null);
                RunResult k = cell(cell, ProducerClients.KAFKA.name()).stream().filter(x -> x.repeat() == repeat)
                        .findFirst().orElse(null);
                if (p != null && k != null && quiet(p) && quiet(k)) {
                    petrel.add(p);
                    kafka.add(k);
                }
            }
            String[] c = cell.split("\\|");
            if (petrel.isEmpty()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | 0 | | | | | |%n", c[0], c[1], c[2]));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %,.0f | %,.0f | **%.2fx** | %.1f | %.1f |%n",
                    c[0], c[1], c[2], petrel.size(), median(petrel, RunResult::recordsPerSecond),
                    median(kafka, RunResult::recordsPerSecond),
                    median(petrel, RunResult::recordsPerSecond) / median(kafka, RunResult::recordsPerSecond),
                    median(petrel, RunResult::p99Ms), median(kafka, RunResult::p99Ms)));
        }
    }

    /** The median over the pairs of a cell of Petrel's records/s over kafka-clients' in the same pair. */
    private double medianPairRatio(String cell) {
        List<Double> ratios = new ArrayList<>();
        for (RunResult p : cell(cell, ProducerClients.PETREL.name())) {
            cell(cell, ProducerClients.KAFKA.name()).stream().filter(k -> k.repeat() == p.repeat()).findFirst()
                    .ifPresent(k -> ratios.add(p.recordsPerSecond() / k.recordsPerSecond()));
        }
        double[] v = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static boolean quiet(RunResult r) {
        return r.otherCpuSeconds() / r.seconds() < QUIET_PAIR_CORES;
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private String command() {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        StringBuilder c = new StringBuilder("java ");
        jvm.forEach(a -> c.append(a).append(' '));
        c.append("-cp benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt) \\\n    ")
                .append(ProducerThroughputBenchmark.class.getName());
        for (String a : args) {
            c.append(' ').append(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return c.toString();
    }
}
