package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.OtherLoad;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.suite.SuiteResults.LatencyRun;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The end-to-end latency part: a producer sends 100 B records at a fixed rate (1 k, 10 k, 50 k records/s)
 * and a consumer of the same client, in this JVM, reads them; the latency of a record is the consumer's
 * {@code System.nanoTime()} when poll returned it less the one the producer wrote into the record's first
 * bytes just before send(). Both ends share the clock, so no clock sync is involved.
 *
 * <p>The producer keeps an absolute schedule ({@link RateSchedule}) and parks between records, never spins.
 * Settings are EndToEndLatency's where they matter: {@code acks=1}, {@code linger.ms=0}, no compression;
 * the consumer reads by hand-assignment with the default long poll ({@code fetch.min.bytes=1},
 * {@code fetch.max.wait.ms=500}), so the broker must answer a parked fetch as soon as a record lands. The
 * first {@code latencyWarmup} of each run is not counted. A record that never arrives is counted as lost and
 * fails the run. A machine stall ({@link MachineStalls}) leaves out the samples it touched ({@link StallMask});
 * the percentiles are of the rest, and a run with too many left out is not counted.
 */
final class EndToEndLatency {
    static final int RECORD_SIZE = 100;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long DRAIN_LIMIT_MS = 30_000;

    private final SuiteOptions options;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<BrokerProcess> brokers;
    private final List<ConsumerClient> clients;
    private int topicSequence;

    EndToEndLatency(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<BrokerProcess> brokers,
                    List<ConsumerClient> clients) {
        this.options = options;
        this.results = results;
        this.quiet = quiet;
        this.brokers = brokers;
        this.clients = clients;
    }

    void run() throws Exception {
        GcPauses.shared(); // its one-off calibrating System.gc() now, not in a run's window
        for (int rate : options.latencyRates()) {
            System.out.printf(Locale.ROOT, "%nlatency: %,d records/s%n", rate);
            warmUp(rate);
            // Repeats go on past latencyRepeats (to twice as many at most) until every cell has latencyRepeats
            // runs counted (few enough samples left out for machine stalls): the same rule for every client and broker.
            for (int r = 0; r < 2 * options.latencyRepeats() && !enoughCounted(rate); r++) {
                for (BrokerProcess broker : Interleaving.order(brokers, r)) {
                    for (ConsumerClient client : Interleaving.order(clients, r)) {
                        LatencyRun run = attempt(broker, client, rate, r);
                        results.latencyRuns.add(run);
                        print("run " + (r + 1), run);
                    }
                }
            }
        }
    }

    /**
     * One run of every broker x client cell at {@code rate}, not counted, before the rate's first measured run. A new
     * rate takes paths the lower one did not (several records per batch and per fetch), and both the client's and
     * the broker's JIT compile them during the first run at it; without this, whichever cell ran first at a rate
     * (always broker-stub with Petrel's clients) measured that compilation, and warmed broker-stub for the cells
     * after it. Same rule for every client and broker: one whole run's worth each, before any of them is measured.
     */
    private void warmUp(int rate) throws Exception {
        for (BrokerProcess broker : brokers) {
            for (ConsumerClient client : clients) {
                print("warm-up", attempt(broker, client, rate, -1));
            }
        }
    }

    /** One run after the pause between runs; a client that fails gives a failed run rather than ending the part. */
    private LatencyRun attempt(BrokerProcess broker, ConsumerClient client, int rate, int repeat) throws Exception {
        System.gc();
        quiet.awaitAfter(options.pauseBetweenRuns(), brokers);
        try {
            return runOnce(broker, client, rate, repeat);
        } catch (RuntimeException e) {
            // One client failing (a consumer still in the making) must not stop the others.
            return new LatencyRun(broker.kind(), client.name(), rate, repeat, 0, 0, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    e.toString());
        }
    }

    /** Whether every broker x client cell at {@code rate} has latencyRepeats runs counted. */
    private boolean enoughCounted(int rate) {
        for (BrokerProcess broker : brokers) {
            for (ConsumerClient client : clients) {
                long counted = results.latencyRuns.stream().filter(r -> r.broker() == broker.kind()
                        && r.clients().equals(client.name()) && r.targetRate() == rate && r.counted()).count();
                if (counted < options.latencyRepeats()) {
                    return false;
                }
            }
        }
        return true;
    }

    private LatencyRun runOnce(BrokerProcess broker, ConsumerClient client, int rate, int repeat) throws Exception {
        String topic = String.format(Locale.ROOT, "latency-%d-%d", rate, ++topicSequence);
        broker.createTopic(topic, 1);
        long warmup = Math.round(rate * options.latencyWarmup().toNanos() / 1e9);
        long total = warmup + Math.round(rate * options.latencyMeasured().toNanos() / 1e9);
        try (ConsumerClient.Reader reader = client.open(consumerSettings(broker.bootstrapServers()), topic, true);
             RecordSender sender = RecordSender.open(client.name(), producerSettings(broker.bootstrapServers()), topic)) {
            Receiver receiver = new Receiver(reader, total, warmup, System::nanoTime);
            Thread thread = new Thread(receiver, "latency-consumer");
            thread.start();
            OtherLoad load = OtherLoad.start(() -> brokers.stream().mapToDouble(BrokerProcess::cpuSeconds).sum());
            RateSchedule schedule = new RateSchedule(System.nanoTime(), rate, total);
            double stallMs;
            double stealMs;
            double[] compilerMs;
            long sendNanos;
            double otherCores;
            KeptLatencies kept;
            AtomicReference<CompletableFuture<double[]>> atWindow = new AtomicReference<>();
            try (MachineStalls probe = MachineStalls.start()) {
                // Read off the sending thread, so that the first measured records do not wait for /proc.
                sendNanos = sendAll(sender, topic, schedule, warmup,
                        () -> atWindow.set(CompletableFuture.supplyAsync(() -> compilerNanos(broker))));
                otherCores = load.coresSinceStart();
                sender.flush();
                thread.join(DRAIN_LIMIT_MS);
                receiver.stop = true;
                thread.join();
                compilerMs = compilerMsSince(atWindow.get(), broker);
                stallMs = probe.longestMsSince(schedule.dueAt(warmup));
                stealMs = probe.stealMsSinceStart();
                kept = receiver.kept(StallMask.of(probe.outsideStalls()), schedule);
            }
            long lost = total - receiver.received;
            String error = receiver.error != null ? receiver.error.toString()
                    : sender.failures() > 0 ? sender.failures() + " sends failed, first " + sender.firstFailure() : null;
            return new LatencyRun(broker.kind(), client.name(), rate, repeat, kept.received(), kept.masked(), lost,
                    total / (sendNanos / 1e9), kept.percentileMs(50), kept.percentileMs(99), kept.percentileMs(99.9),
                    ms(kept.micros().getMaxValue()), otherCores, stallMs, stealMs, compilerMs[0],
                    compilerMs[1], error);
        } finally {
            broker.deleteTopic(topic);
        }
    }

    /**
     * Sends every record on schedule, running {@code atMeasured} just before record {@code measuredFrom} (the first
     * measured one); returns the nanoseconds from the first send to the last.
     */
    private static long sendAll(RecordSender sender, String topic, RateSchedule schedule, long measuredFrom,
                                Runnable atMeasured) {
        long first = System.nanoTime();
        for (long i = 0; i < schedule.total(); i++) {
            long now = System.nanoTime();
            while (schedule.dueBy(now) <= i) {
                LockSupport.parkNanos(schedule.dueAt(i) - now);
                now = System.nanoTime();
            }
            if (i == measuredFrom) {
                atMeasured.run();
            }
            sender.send(topic, stamped(i));
        }
        return Math.max(1, System.nanoTime() - first);
    }

    /** CPU nanoseconds of the JIT compiler threads so far: this JVM's, then the broker's. */
    private static double[] compilerNanos(BrokerProcess broker) {
        return new double[] {CompilerCpu.nanosOfThisJvm(), CompilerCpu.nanos(broker.pid())};
    }

    /** The compiler threads' CPU ms since {@code start} (this JVM's, then the broker's); NaN if never started. */
    private static double[] compilerMsSince(CompletableFuture<double[]> start, BrokerProcess broker) {
        double[] end = compilerNanos(broker);
        double[] begin = start == null ? new double[] {Double.NaN, Double.NaN} : start.join();
        return new double[] {(end[0] - begin[0]) / 1e6, (end[1] - begin[1]) / 1e6};
    }

    /** A fresh 100 B value (the producer may hold it until sent): send time, sequence number, then filler. */
    private static byte[] stamped(long sequence) {
        byte[] value = new byte[RECORD_SIZE];
        Arrays.fill(value, 16, RECORD_SIZE, (byte) 'A');
        ByteBuffer.wrap(value).putLong(System.nanoTime()).putLong(sequence);
        return value;
    }

    /**
     * The consumer thread: polls until every record arrived or it is told to stop, keeping each measured record's
     * latency and arrival time (records the warm-up sent are not kept).
     */
    static final class Receiver implements Runnable {
        private final ConsumerClient.Reader reader;
        private final long total;
        private final long warmup;
        private final LongSupplier clock;
        /** Per measured record (sequence less warm-up): send to poll, ns, -1 until it arrives. */
        private final long[] latencyNanos;
        private final long[] arrivedAt;
        volatile long received;
        volatile boolean stop;
        volatile Exception error;

        Receiver(ConsumerClient.Reader reader, long total, long warmup, LongSupplier clock) {
            this.reader = reader;
            this.total = total;
            this.warmup = warmup;
            this.clock = clock;
            latencyNanos = new long[Math.toIntExact(total - warmup)];
            arrivedAt = new long[latencyNanos.length];
            Arrays.fill(latencyNanos, -1);
        }

        /**
         * The latencies less the samples {@code mask} covers, each sample spanning from when {@code schedule} had
         * its record due to its arrival. Read after this thread ended.
         */
        KeptLatencies kept(StallMask mask, RateSchedule schedule) {
            return KeptLatencies.of(latencyNanos,
                    mask.masked(schedule.dueTimes(warmup, warmup + latencyNanos.length), arrivedAt));
        }

        @Override
        public void run() {
            try {
                long count = 0;
                while (count < total && !stop) {
                    count += reader.poll(POLL, this::arrived);
                    received = count;
                }
            } catch (RuntimeException e) {
                error = e;
            }
        }

        void arrived(byte[] value) {
            long now = clock.getAsLong();
            ByteBuffer b = ByteBuffer.wrap(value);
            long sent = b.getLong();
            long sequence = b.getLong();
            if (sequence >= warmup) {
                int i = (int) (sequence - warmup);
                latencyNanos[i] = Math.max(0, now - sent);
                arrivedAt[i] = now;
            }
        }
    }

    static Map<String, Object> producerSettings(String bootstrap) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("acks", "1");
        s.put("linger.ms", "0");
        s.put("compression.type", "none");
        s.put("enable.idempotence", "false");
        return s;
    }

    static Map<String, Object> consumerSettings(String bootstrap) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap);
        s.put("enable.auto.commit", "false");
        s.put("auto.offset.reset", "earliest");
        return s;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static void print(String label, LatencyRun r) {
        System.out.printf(Locale.ROOT, "  %-7s %-11s %-13s %,7.0f rec/s  p50 %6.2f p99 %7.2f p99.9 %7.2f max %7.1f ms"
                        + "  other load %.2f cores  machine stall %.0f ms, steal %.0f ms, JIT CPU client %.0f broker %.0f ms, left out %,d of %,d samples"
                        + "%s%s%n",
                label, SuiteResults.shortName(r.broker()), r.clients(), r.achievedRate(), r.p50Ms(), r.p99Ms(),
                r.p999Ms(), r.maxMs(), r.otherCores(), r.stallMs(), r.stealMs(), r.clientJitMs(), r.brokerJitMs(), r.masked(), r.measured(),
                r.ok() && !r.counted() ? "  (not counted: too many samples left out)" : "",
                r.ok() ? "" : "  FAILED: lost " + r.lost() + (r.error() == null ? "" : ", " + r.error()));
    }
}
