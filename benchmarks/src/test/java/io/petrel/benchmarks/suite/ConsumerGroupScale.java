package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scale part's consumers-in-a-group curve: one topic per broker of {@link ScaleSettings#groupPartitions}
 * partitions, filled once with {@code groupRecords} records of 100 B (round-robin, so the partitions hold
 * alike); then k members of a fresh group (threads of the benchmark JVM, one consumer each) read it all.
 *
 * <p>The join is kept out of the clock, as ConsumerPerformance keeps metadata out: the members subscribe
 * with {@code auto.offset.reset=latest}, so they read nothing while the group forms; once every member holds
 * partitions and together they hold them all (one generation with all k), each rewinds its partitions to
 * the beginning and a barrier starts the clock; it stops when the members together have read every record.
 */
final class ConsumerGroupScale {
    static final int RECORD_SIZE = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long JOIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long READ_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    private int groupSequence;

    private final ScaleRun run;

    ConsumerGroupScale(ScaleRun run) {
        this.run = run;
    }

    void run() throws Exception {
        ScaleSettings s = run.settings();
        Map<BrokerProcess, String> topics = new HashMap<>();
        for (BrokerProcess broker : run.brokers()) {
            topics.put(broker, fill(broker, "scale-group", s.groupPartitions(), s.groupRecords()));
        }
        System.out.printf(Locale.ROOT, "%nscale: consumers %s in one group, %,d records of %d B in %d partitions%n",
                s.consumers(), s.groupRecords(), RECORD_SIZE, s.groupPartitions());
        for (int k : s.consumers()) {
            for (int r = 0; r < s.repeats(); r++) {
                for (BrokerProcess broker : Interleaving.order(run.brokers(), r)) {
                    for (ConsumerClient client : Interleaving.order(run.consumers(), r)) {
                        Thread.sleep(run.options().pauseBetweenRuns().toMillis());
                        ScalePoint p = readOrFailure(broker, client, topics.get(broker), k, r);
                        run.results().scalePoints.add(p);
                        System.out.printf(Locale.ROOT, "  run %d %2d x %-13s %-11s %9.0f rec/s%s%n", r + 1, k,
                                client.name(), SuiteResults.shortName(broker.kind()), p.value(),
                                p.ok() ? "" : "  FAILED: " + p.error());
                    }
                }
            }
        }
        for (Map.Entry<BrokerProcess, String> e : topics.entrySet()) {
            e.getKey().deleteTopic(e.getValue());
        }
    }

    /** Creates {@code topic} and writes {@code n} records round-robin over its partitions with kafka-run.consumers(). */
    static String fill(BrokerProcess broker, String topic, int partitions, int n) throws Exception {
        broker.createTopic(topic, partitions);
        broker.awaitServing(topic);
        RunMeasurement m = new RunMeasurement(n, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
        ProducerClients.KAFKA.run(topic, partitions, ProducerMatrix.settings(broker.bootstrapServers(),
                PartitionScale.CELL), new Payloads(RECORD_SIZE, 29), n, m);
        RunResult filled = m.result(broker.name(), "none", partitions, ProducerClients.KAFKA.name(), -1, RECORD_SIZE,
                broker.recordsIn(topic));
        if (!filled.ok()) {
            throw new IllegalStateException("Filling " + topic + " on " + broker.name() + " failed: " + filled.errors()
                    + " errors, " + filled.landed() + " of " + n + " records landed, first " + filled.firstError());
        }
        return topic;
    }

    private ScalePoint readOrFailure(BrokerProcess broker, ConsumerClient client, String topic, int k, int repeat)
            throws InterruptedException {
        try {
            return read(broker, client, topic, k, repeat);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // recorded, so one broken run does not lose the curve
            return ScalePoint.failed(ScaleCurve.CONSUMERS_IN_GROUP, broker.kind(), client.name(), k, repeat,
                    e.toString());
        }
    }

    private ScalePoint read(BrokerProcess broker, ConsumerClient client, String topic, int k, int repeat)
            throws Exception {
        ScaleSettings s = run.settings();
        long expected = s.groupRecords();
        Map<String, Object> settings = ConsumerThroughput.settings(broker.bootstrapServers());
        settings.put("group.id", String.format(Locale.ROOT, "scale-group-%d", ++groupSequence));
        settings.put("auto.offset.reset", "latest");
        run.quiet().await(() -> run.brokers().stream().mapToDouble(BrokerProcess::cpuSeconds).sum());
        AtomicIntegerArray assigned = new AtomicIntegerArray(k);
        AtomicLong read = new AtomicLong();
        long[] window = new long[2];
        CyclicBarrier start = new CyclicBarrier(k, () -> window[0] = System.nanoTime());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> members = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try (ConsumerClient.GroupMember member = client.join(settings, topic)) {
                    long joinDeadline = System.nanoTime() + JOIN_TIMEOUT_NS;
                    while (!wholeGroupAssigned(assigned, s.groupPartitions())) {
                        member.poll(POLL, v -> { });
                        assigned.set(id, member.assignedPartitions());
                        if (System.nanoTime() > joinDeadline || failure.get() != null) {
                            throw new IllegalStateException("The group did not settle with every member holding"
                                    + " partitions within 60 s: " + assigned);
                        }
                    }
                    member.rewindAssigned();
                    start.await(JOIN_TIMEOUT_NS, TimeUnit.NANOSECONDS);
                    long readDeadline = System.nanoTime() + READ_TIMEOUT_NS;
                    while (read.get() < expected) {
                        int n = member.poll(POLL, v -> { });
                        long total = n > 0 ? read.addAndGet(n) : read.get();
                        if (n > 0 && total >= expected && total - n < expected) { // this poll read the last one
                            window[1] = System.nanoTime();
                        }
                        if (System.nanoTime() > readDeadline || failure.get() != null) {
                            throw new IllegalStateException("The group read " + read.get() + " of " + expected
                                    + " records in " + READ_TIMEOUT_NS / 1_000_000_000 + " s");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset();
                }
            }, "scale-consumer-" + i);
            members.add(t);
            t.start();
        }
        for (Thread t : members) {
            t.join();
        }
        ScaleCurve curve = ScaleCurve.CONSUMERS_IN_GROUP;
        if (failure.get() != null) {
            return ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, failure.get().toString());
        }
        if (read.get() != expected) {
            return ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, "read " + read.get()
                    + " records, expected " + expected + " (a rebalance during the read re-reads)");
        }
        double perSecond = expected / ((window[1] - window[0]) / 1e9);
        return new ScalePoint(curve, broker.kind(), client.name(), k, repeat, perSecond,
                perSecond * RECORD_SIZE / (1024.0 * 1024.0), null);
    }

    private static boolean wholeGroupAssigned(AtomicIntegerArray assigned, int partitions) {
        int sum = 0;
        for (int i = 0; i < assigned.length(); i++) {
            if (assigned.get(i) == 0) {
                return false;
            }
            sum += assigned.get(i);
        }
        return sum == partitions;
    }
}
