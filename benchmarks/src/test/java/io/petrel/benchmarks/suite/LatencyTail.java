package io.petrel.benchmarks.suite;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A side experiment beside {@link LatencySplit}: what the slow end-to-end samples (those above the run's p99)
 * have in common. It runs the latency workload ({@link EndToEndLatency}'s settings, 100 B records at a fixed
 * rate, producer and consumer of the named clients in this JVM) and keeps, per record, the nanoTime of send(),
 * of the producer's acknowledgement and of the consumer's poll returning it. Of each slow sample it says:
 * <ul>
 *   <li>where its excess over the median went: before the acknowledgement (producer send to wire, broker
 *   append, the answer back: "produce side") or after it (the broker's answer to the waiting fetch, the
 *   consumer's network thread, the hand-off to poll: "consume side");</li>
 *   <li>whether a GC pause of this JVM overlapped it (GarbageCollectionNotificationInfo, ms resolution);</li>
 *   <li>how the slow samples cluster: samples within 20 records of each other are one stall, so a few long stalls
 *   (GC, the scheduler) read as few clusters of many records, independent per-record delays (hand-offs) as many
 *   clusters of one.</li>
 * </ul>
 * It also prints the JVM's allocation per record (all threads), GC count and pause in the measured window, and
 * each thread's voluntary context switches per record ({@link ThreadSwitches}); and per run, then as medians over
 * each pair's runs, the percentiles of two stages: send() to acknowledgement and acknowledgement to poll returning
 * the record (pairs sharing a producer compare the consumers' stage, pairs sharing a consumer the producers').
 *
 * <pre>
 * java -cp benchmarks/target/test-classes:$(cat benchmarks/target/suite-classpath.txt) \
 *     io.petrel.benchmarks.suite.LatencyTail [stub|kafka] [rate] [seconds] [repeats] [pairs, e.g. PP,KK]
 * </pre>
 * A pair names the producer then the consumer: P Petrel, K kafka-clients; pairs run interleaved, the order
 * reversed every repeat. The first 2 s of each run are not counted.
 */
public final class LatencyTail {
    private static final int CLUSTER_GAP = 20;
    private static final double[] STAGE_PERCENTILES = {50, 90, 99};
    /** Per pair, each run's stage percentiles ({@link #stagePercentiles}) and whether it counts. */
    private static final Map<String, List<RunStages>> STAGES = new LinkedHashMap<>();

    /** Send-to-ack, ack-to-poll and send-to-poll percentiles of a set of samples (ms, as {@link #STAGE_PERCENTILES}). */
    private record StageRun(double[] ack, double[] afterAck, double[] e2e) {
    }

    /**
     * One run's stages over the samples no machine stall touched ({@link StallMask}) and over all, and whether the run
     * counts by the suite's rule ({@link StallMask#counts}).
     */
    private record RunStages(StageRun kept, StageRun all, boolean counted) {
    }

    private LatencyTail() {
    }

    public static void main(String[] args) throws Exception {
        GcPauses gc = GcPauses.shared();
        LatencySplit.runPairs(args, "PP,KK", "tail-",
                (bootstrap, topic, pair, rate, seconds) -> runOnce(bootstrap, topic, pair, rate, seconds, gc));
        printStageMedians();
    }

    /**
     * Per pair, the median over runs of each stage's percentiles: send() to the producer's acknowledgement (the
     * producer and the broker's append), and acknowledgement to poll returning the record (the broker answering the
     * parked fetch, the consumer). Pairs sharing a producer compare consumers, and the other way round.
     */
    private static void printStageMedians() {
        System.out.printf(Locale.ROOT, "%nstage percentiles, ms, median over runs (p50 / p90 / p99); the counted runs"
                + " (at least %.0f%% of samples kept) over their kept samples, then all runs over all samples:%n",
                100 * StallMask.MIN_KEPT_SHARE);
        STAGES.forEach((pair, runs) -> {
            List<StageRun> counted = runs.stream().filter(RunStages::counted).map(RunStages::kept).toList();
            System.out.printf(Locale.ROOT, "  %s counted %d of %d: %s | all: %s%n", pair, counted.size(),
                    runs.size(), describeStages(counted), describeStages(runs.stream().map(RunStages::all).toList()));
        });
    }

    private static String describeStages(List<StageRun> runs) {
        if (runs.isEmpty()) {
            return "none";
        }
        return String.format(Locale.ROOT, "send->ack %s, ack->poll %s, send->poll %s",
                medians(runs, StageRun::ack), medians(runs, StageRun::afterAck), medians(runs, StageRun::e2e));
    }

    private static String medians(List<StageRun> runs, Function<StageRun, double[]> stage) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < STAGE_PERCENTILES.length; i++) {
            int at = i;
            b.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f",
                    Medians.of(runs.stream().map(r -> stage.apply(r)[at]).toList())));
        }
        return b.toString();
    }

    /** The {@link #STAGE_PERCENTILES} of {@code nanos} (sorted in place), in ms; NaN when there is none. */
    private static double[] stagePercentiles(long[] nanos) {
        Arrays.sort(nanos);
        double[] ms = new double[STAGE_PERCENTILES.length];
        if (nanos.length == 0) {
            Arrays.fill(ms, Double.NaN);
            return ms;
        }
        for (int i = 0; i < ms.length; i++) {
            ms[i] = nanos[(int) (nanos.length * STAGE_PERCENTILES[i] / 100)] / 1e6;
        }
        return ms;
    }

    private static void runOnce(String bootstrap, String topic, String pair, int rate, int seconds, GcPauses gc)
            throws Exception {
        int total = rate * seconds;
        int warmup = rate * 2;
        long[] sendAt = new long[total];
        long[] ackAt = new long[total];
        long[] recvAt = new long[total];
        ConsumerClient client = pair.charAt(1) == 'P' ? new PetrelConsumerClient() : new KafkaConsumerClient();
        AtomicLong received = new AtomicLong();
        Map<String, long[]> before;
        Map<String, long[]> after;
        MachineStalls probe = null;
        Map<String, Long> allocated;
        long measuredFrom;
        long measuredTo;
        double fetches;
        double produces;
        double longestFetchMs;
        RateSchedule schedule;
        try (ConsumerClient.Reader reader = client.open(EndToEndLatency.consumerSettings(bootstrap), topic, true);
             Sender sender = pair.charAt(0) == 'P' ? Sender.petrel(EndToEndLatency.producerSettings(bootstrap), topic)
                     : Sender.kafka(EndToEndLatency.producerSettings(bootstrap), topic)) {
            java.util.concurrent.CountDownLatch counted = new java.util.concurrent.CountDownLatch(1);
            Thread consumer = new Thread(() -> {
                while (received.get() < total) {
                    received.addAndGet(reader.poll(Duration.ofMillis(50), value -> {
                        long now = System.nanoTime();
                        recvAt[(int) ByteBuffer.wrap(value).getLong(8)] = now;
                    }));
                }
                try {
                    counted.await(); // alive until its context switches and allocation are counted
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "tail-consumer");
            consumer.start();
            Thread.sleep(200);
            probe = MachineStalls.start();
            schedule = new RateSchedule(System.nanoTime(), rate, total);
            before = null;
            Map<String, Long> allocatedBefore = Map.of();
            double fetchesBefore = 0;
            double producesBefore = 0;
            measuredFrom = 0;
            for (int i = 0; i < total; i++) {
                if (i == warmup) {
                    before = ThreadSwitches.snapshot();
                    allocatedBefore = allocatedBytes();
                    fetchesBefore = reader.fetchMetric("fetch-total");
                    producesBefore = sender.metric().applyAsDouble("request-total");
                    measuredFrom = System.nanoTime();
                }
                long now = System.nanoTime();
                while (schedule.dueBy(now) <= i) {
                    LockSupport.parkNanos(schedule.dueAt(i) - now);
                    now = System.nanoTime();
                }
                int sequence = i;
                byte[] value = new byte[EndToEndLatency.RECORD_SIZE];
                Arrays.fill(value, 16, value.length, (byte) 'A');
                long sent = System.nanoTime();
                ByteBuffer.wrap(value).putLong(sent).putLong(sequence);
                sendAt[sequence] = sent;
                sender.send(value, () -> ackAt[sequence] = System.nanoTime());
            }
            sender.flush();
            long waitUntil = System.nanoTime() + 30_000_000_000L;
            while (received.get() < total && System.nanoTime() - waitUntil < 0) {
                Thread.sleep(1);
            }
            measuredTo = System.nanoTime();
            probe.close();
            after = ThreadSwitches.snapshot();
            Map<String, Long> allocatedAfter = allocatedBytes();
            fetches = reader.fetchMetric("fetch-total") - fetchesBefore;
            produces = sender.metric().applyAsDouble("request-total") - producesBefore;
            longestFetchMs = reader.fetchMetric("fetch-latency-max");
            Map<String, Long> from = allocatedBefore;
            allocated = new java.util.TreeMap<>();
            allocatedAfter.forEach((name, b) -> allocated.put(name, b - from.getOrDefault(name, 0L)));
            counted.countDown();
            consumer.join(1_000);
            if (received.get() < total) {
                throw new IllegalStateException(pair + ": only " + received.get() + " of " + total + " arrived");
            }
        }
        report(pair, sendAt, ackAt, recvAt, warmup, gc, gc.between(measuredFrom, measuredTo), probe.outsideStalls());
        long[] arrived = Arrays.copyOfRange(recvAt, warmup, total);
        recordStages(pair, sendAt, ackAt, recvAt, warmup,
                StallMask.of(probe.outsideStalls()).masked(schedule.dueTimes(warmup, total), arrived));
        System.out.printf(Locale.ROOT, "      machine: steal %.0f ms of CPU over the run's %.0f ms; stalls >= %d ms"
                        + " (late wake-ups outside this JVM's GC; one CPU's steal in 100 ms): %s%n",
                probe.stealMsSinceStart(), probe.elapsedMs(), MachineStalls.THRESHOLD_MS, describe(probe.outsideStalls(), measuredFrom));
        int measured = total - warmup;
        StringBuilder bytes = new StringBuilder();
        allocated.forEach((name, b) -> {
            if (b >= measured) {
                bytes.append(String.format(Locale.ROOT, "[%s %,.0f B] ", name, (double) b / measured));
            }
        });
        System.out.printf(Locale.ROOT, "      %.3f fetches (longest %.1f ms; the broker holds one up to 500 ms) and %.3f"
                        + " requests of the producer per record; allocated per record, by thread: %s%n"
                        + "      per record, by thread: %s%n", fetches / measured, longestFetchMs, produces / measured,
                bytes,
                ThreadSwitches.perRecord(before, after, measured));
    }

    /** Records and prints the run's stages over the samples {@code masked} leaves (index: record less warm-up). */
    private static void recordStages(String pair, long[] sendAt, long[] ackAt, long[] recvAt, int warmup,
                                     boolean[] masked) {
        int n = sendAt.length - warmup;
        int left = 0;
        for (boolean m : masked) {
            left += m ? 1 : 0;
        }
        RunStages run = new RunStages(stages(sendAt, ackAt, recvAt, warmup, masked),
                stages(sendAt, ackAt, recvAt, warmup, new boolean[n]), StallMask.counts(n, left));
        STAGES.computeIfAbsent(pair, p -> new ArrayList<>()).add(run);
        System.out.printf(Locale.ROOT, "      stages of the kept samples: send->ack %s, ack->poll %s, send->poll %s ms"
                        + " (p50 / p90 / p99); left out for machine stalls %,d of %,d samples%s%n",
                join(run.kept().ack()), join(run.kept().afterAck()), join(run.kept().e2e()), left, n,
                run.counted() ? "" : ", not counted");
    }

    private static StageRun stages(long[] sendAt, long[] ackAt, long[] recvAt, int warmup, boolean[] masked) {
        int kept = 0;
        for (boolean m : masked) {
            kept += m ? 0 : 1;
        }
        long[] ack = new long[kept];
        long[] afterAck = new long[kept];
        long[] e2e = new long[kept];
        int k = 0;
        for (int i = 0; i < masked.length; i++) {
            if (!masked[i]) {
                ack[k] = ackAt[warmup + i] - sendAt[warmup + i];
                afterAck[k] = recvAt[warmup + i] - ackAt[warmup + i];
                e2e[k++] = recvAt[warmup + i] - sendAt[warmup + i];
            }
        }
        return new StageRun(stagePercentiles(ack), stagePercentiles(afterAck), stagePercentiles(e2e));
    }

    private static String join(double[] ms) {
        return Arrays.stream(ms).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .reduce((a, b) -> a + " / " + b).orElse("");
    }

    private static void report(String pair, long[] sendAt, long[] ackAt, long[] recvAt, int warmup,
                               GcPauses gc, List<long[]> pauses, List<MachineStalls.Stall> stalls) {
        int n = sendAt.length - warmup;
        long[] e2e = new long[n];
        long[] ack = new long[n];
        for (int i = 0; i < n; i++) {
            e2e[i] = recvAt[warmup + i] - sendAt[warmup + i];
            ack[i] = ackAt[warmup + i] - sendAt[warmup + i];
        }
        long[] sortedE2e = e2e.clone();
        Arrays.sort(sortedE2e);
        long[] sortedAck = ack.clone();
        Arrays.sort(sortedAck);
        long e2eP50 = sortedE2e[n / 2];
        long p99 = sortedE2e[(int) (n * 0.99)];
        long ackP50 = sortedAck[n / 2];
        int slow = 0;
        int produceSide = 0;
        int withGc = 0;
        int withStall = 0;
        double produceExcess = 0;
        double consumeExcess = 0;
        List<Integer> clusters = new ArrayList<>();
        int lastSlow = -CLUSTER_GAP - 1;
        for (int i = 0; i < n; i++) {
            if (e2e[i] <= p99) {
                continue;
            }
            slow++;
            long excess = e2e[i] - e2eP50;
            long before = Math.max(0, Math.min(excess, ack[i] - ackP50));
            produceExcess += before;
            consumeExcess += excess - before;
            if (before * 2 > excess) {
                produceSide++;
            }
            if (gc.explains(sendAt[warmup + i], recvAt[warmup + i])) {
                withGc++;
            }
            long from = sendAt[warmup + i];
            long to = recvAt[warmup + i];
            if (stalls.stream().anyMatch(st -> st.toNanos() >= from && st.fromNanos() <= to)) {
                withStall++;
            }
            if (i - lastSlow > CLUSTER_GAP) {
                clusters.add(0);
            }
            clusters.set(clusters.size() - 1, clusters.get(clusters.size() - 1) + 1);
            lastSlow = i;
        }
        long pausedMs = pauses.stream().mapToLong(p -> p[1] - p[0]).sum() / 1_000_000;
        clusters.sort(Collections.reverseOrder());
        System.out.printf(Locale.ROOT, "  %s e2e p50 %.3f p99 %.3f p99.9 %.3f max %.3f ms | ack p50 %.3f p99 %.3f ms"
                        + " | load %.2f%n", pair, e2eP50 / 1e6, p99 / 1e6, sortedE2e[(int) (n * 0.999)] / 1e6,
                sortedE2e[n - 1] / 1e6, ackP50 / 1e6, sortedAck[(int) (n * 0.99)] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "      %d slow samples (> p99): mean excess over p50 %.3f ms, %.0f%% of it"
                        + " before the ack; %d mostly produce side, %d mostly consume side; %d overlap a GC"
                        + " (%d GCs, %d ms paused in the window); %d overlap a machine stall; %d clusters, largest %s%n",
                slow, (produceExcess + consumeExcess) / slow / 1e6,
                100 * produceExcess / Math.max(1, produceExcess + consumeExcess), produceSide, slow - produceSide,
                withGc, pauses.size(), pausedMs, withStall, clusters.size(),
                clusters.subList(0, Math.min(8, clusters.size())));
    }

    /**
     * The stalls, longest first (at most 6): when in the run (ms after measuring began), how long (a late wake-up, or
     * one CPU's steal in a 100 ms window), and the steal of all CPUs in it.
     */
    private static String describe(List<MachineStalls.Stall> stalls, long measuredFrom) {
        return stalls.stream().sorted(java.util.Comparator.comparingDouble(MachineStalls.Stall::ms).reversed())
                .limit(6).map(st -> String.format(Locale.ROOT, "[at %.0f ms: %.0f ms %s, steal %.0f ms]",
                        (st.fromNanos() - measuredFrom) / 1e6, st.ms(), st.lateWakeUp() ? "late" : "stolen from one CPU",
                        st.stealMs()))
                .reduce((a, b) -> a + " " + b).orElse("none") + " (" + stalls.size() + " in all)";
    }

    /** Bytes allocated so far by each live thread, summed by name with digits dropped. */
    private static Map<String, Long> allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new java.util.TreeMap<>();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && bytes[i] > 0) {
                byName.merge(infos[i].getThreadName().replaceAll("[0-9]+", "#"), bytes[i], Long::sum);
            }
        }
        return byName;
    }

    /** A producer of either client: send() runs {@code acked} from the callback on success. */
    private record Sender(Send sending, Runnable flushing, Runnable closing,
                          java.util.function.ToDoubleFunction<String> metric) implements AutoCloseable {
        @FunctionalInterface
        interface Send {
            void send(byte[] value, Runnable acked);
        }

        void send(byte[] value, Runnable acked) {
            sending.send(value, acked);
        }

        void flush() {
            flushing.run();
        }

        @Override
        public void close() {
            closing.run();
        }

        static Sender petrel(Map<String, Object> settings, String topic) {
            Producer<byte[], byte[]> producer = Producer.create(settings, new ByteArraySerializer(),
                    new ByteArraySerializer());
            producer.partitionsFor(topic);
            return new Sender((value, acked) -> producer.send(ProducerRecord.<byte[], byte[]>of(topic, value),
                    (m, e) -> onSuccess(e, acked)), producer::flush, producer::close,
                    name -> producer.metrics().getOrDefault(name, Double.NaN));
        }

        static Sender kafka(Map<String, Object> settings, String topic) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            producer.partitionsFor(topic);
            return new Sender((value, acked) -> producer.send(
                    new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value), (m, e) -> onSuccess(e, acked)),
                    producer::flush, producer::close, name -> producer.metrics().entrySet().stream()
                            .filter(m -> m.getKey().group().equals("producer-metrics") && m.getKey().name().equals(name))
                            .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).findFirst()
                            .orElse(Double.NaN));
        }

        private static void onSuccess(Exception e, Runnable acked) {
            if (e == null) {
                acked.run();
            }
        }
    }
}
