package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;
import io.petrel.testsupport.ChildJvm;
import io.petrel.testsupport.ScratchDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The scale part's producer-count curves: k producers of one client (k from {@link ScaleSettings#producers})
 * send {@code producerRecords} records of 100 B between them (each its share, no key, the producer part's
 * settings) to one topic of {@link ScaleSettings#groupPartitions} partitions, all starting together; the
 * figure is the records of all over the time from the first send of any to the last acknowledgement of any.
 * Once as threads of the benchmark JVM (each its own producer, all released by one barrier once each has its
 * metadata), once as JVMs of their own ({@link ProducerChildMain}, each warmed up first, all released by one
 * go file). Every record is checked to have landed.
 */
final class ProducerScale {
    static final int RECORD_SIZE = 100;
    private static final Duration CHILD_READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CHILD_RUN_TIMEOUT = Duration.ofMinutes(5);

    private final Payloads payloads = new Payloads(RECORD_SIZE, 23);
    private int topicSequence;

    private final ScaleRun run;

    ProducerScale(ScaleRun run) {
        this.run = run;
    }

    void run() throws Exception {
        ScaleSettings s = run.settings();
        List<Client> clients = List.of(ProducerClients.PETREL, ProducerClients.KAFKA);
        System.out.printf(Locale.ROOT, "%nscale: producers %s in one JVM, %s in JVMs of their own, %,d records of"
                + " %d B in all%n", s.producers(), s.ownJvmProducers(), s.producerRecords(), RECORD_SIZE);
        for (int k : s.producers()) {
            for (int r = 0; r < s.repeats(); r++) {
                for (BrokerProcess broker : Interleaving.order(run.brokers(), r)) {
                    for (Client client : Interleaving.order(clients, r)) {
                        int repeat = r;
                        record(ScaleCurve.PRODUCERS_ONE_JVM, client, broker, k, r,
                                () -> inThreads(broker, client, k, repeat));
                    }
                }
            }
        }
        for (int k : s.ownJvmProducers()) {
            for (int r = 0; r < s.repeats(); r++) {
                for (BrokerProcess broker : Interleaving.order(run.brokers(), r)) {
                    for (Client client : Interleaving.order(clients, r)) {
                        int repeat = r;
                        record(ScaleCurve.PRODUCERS_OWN_JVMS, client, broker, k, r,
                                () -> inOwnJvms(broker, client, k, repeat));
                    }
                }
            }
        }
    }

    /** A run that may throw (a topic not created in time): its point is then recorded as failed. */
    @FunctionalInterface
    private interface Run {
        ScalePoint run() throws Exception;
    }

    private void record(ScaleCurve curve, Client client, BrokerProcess broker, int k, int repeat, Run measure)
            throws InterruptedException {
        try {
            record(measure.run());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            record(ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, e.toString()));
        }
    }

    private void record(ScalePoint p) {
        run.results().scalePoints.add(p);
        System.out.printf(Locale.ROOT, "  run %d %-18s %2d x %-13s %-11s %9.0f rec/s%s%n", p.repeat() + 1,
                p.curve() == ScaleCurve.PRODUCERS_ONE_JVM ? "threads of one JVM" : "JVMs of their own", p.x(),
                p.client(), SuiteResults.shortName(p.broker()), p.value(), p.ok() ? "" : "  FAILED: " + p.error());
    }

    private String freshTopic(BrokerProcess broker, String what) throws Exception {
        String topic = String.format(Locale.ROOT, "scale-producers-%s-%d", what, ++topicSequence);
        broker.createTopic(topic, run.settings().groupPartitions());
        broker.awaitServing(topic);
        return topic;
    }

    private ScalePoint inThreads(BrokerProcess broker, Client client, int k, int repeat) throws Exception {
        ScaleCurve curve = ScaleCurve.PRODUCERS_ONE_JVM;
        int each = run.settings().producerRecords() / k;
        String topic = freshTopic(broker, "threads");
        run.awaitQuiet();
        long[] starts = new long[k];
        long[] ends = new long[k];
        RunMeasurement[] measurements = new RunMeasurement[k];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier allReady = new CyclicBarrier(k);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int id = i;
            measurements[i] = new RunMeasurement(each, broker::cpuSeconds, new RunMeasurement.Hooks() {
                @Override
                public void beforeStart() {
                    try {
                        allReady.await(2, TimeUnit.MINUTES);
                    } catch (Exception e) {
                        throw new IllegalStateException("The producers did not all get ready", e);
                    }
                    starts[id] = System.nanoTime();
                }

                @Override
                public void afterEnd() {
                    ends[id] = System.nanoTime();
                }
            });
            Thread t = new Thread(() -> {
                try {
                    client.run(topic, ProducerMatrix.settings(broker.bootstrapServers(), PartitionScale.CELL),
                            payloads, each, measurements[id]);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    allReady.reset();
                }
            }, "scale-producer-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long landed = broker.recordsIn(topic);
        broker.deleteTopic(topic);
        if (failure.get() != null) {
            return ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, failure.get().toString());
        }
        long errors = 0;
        for (RunMeasurement m : measurements) {
            RunResult r = m.result(broker.name(), "none", 1, client.name(), repeat, RECORD_SIZE, each);
            errors += r.errors();
        }
        return aggregate(curve, broker, client, k, repeat, (long) each * k, landed, errors,
                (max(ends) - min(starts)) / 1e9);
    }

    private ScalePoint inOwnJvms(BrokerProcess broker, Client client, int k, int repeat) throws Exception {
        ScaleCurve curve = ScaleCurve.PRODUCERS_OWN_JVMS;
        int each = run.settings().producerRecords() / k;
        String topic = freshTopic(broker, "jvms");
        String warmUpTopic = freshTopic(broker, "jvms-warm-up");
        Path dir = ScratchDirectory.create("petrel-bench-producers-");
        Path go = dir.resolve("go");
        List<ChildJvm> children = new ArrayList<>();
        try {
            Thread.sleep(run.options().pauseBetweenRuns().toMillis());
            for (int i = 0; i < k; i++) {
                children.add(ChildJvm.launch(dir, dir.resolve("producer-" + i + ".log"),
                        List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                        ProducerChildMain.class.getName(), List.of(client.name(), broker.bootstrapServers(), topic,
                                warmUpTopic, Integer.toString(each), Integer.toString(RECORD_SIZE), go.toString()),
                        () -> ScratchDirectory.deleteTree(dir)));
            }
            for (ChildJvm child : children) {
                awaitLine(child, ProducerChildMain.READY, CHILD_READY_TIMEOUT);
            }
            Files.createFile(go);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long errors = 0;
            for (ChildJvm child : children) {
                child.waitFor(CHILD_RUN_TIMEOUT); // it prints its result, then exits
                String[] result = awaitLine(child, ProducerChildMain.RESULT, Duration.ZERO).split(" ", 5);
                first = Math.min(first, Long.parseLong(result[1]));
                last = Math.max(last, Long.parseLong(result[2]));
                errors += Long.parseLong(result[3]);
            }
            return aggregate(curve, broker, client, k, repeat, (long) each * k, broker.recordsIn(topic), errors,
                    (last - first) / 1e6);
        } catch (RuntimeException | IOException e) {
            return ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, e.toString());
        } finally {
            for (ChildJvm child : children) {
                child.stop(Duration.ofSeconds(10));
            }
            ScratchDirectory.deleteTree(dir);
            broker.deleteTopic(topic);
            broker.deleteTopic(warmUpTopic);
        }
    }

    private static ScalePoint aggregate(ScaleCurve curve, BrokerProcess broker, Client client, int k, int repeat,
                                        long sent, long landed, long errors, double seconds) {
        if (errors > 0 || landed != sent) {
            return ScalePoint.failed(curve, broker.kind(), client.name(), k, repeat, errors + " errors, " + landed
                    + " of " + sent + " records landed");
        }
        double perSecond = sent / seconds;
        return new ScalePoint(curve, broker.kind(), client.name(), k, repeat, perSecond,
                perSecond * RECORD_SIZE / (1024.0 * 1024.0), null);
    }

    /** Waits for the child's output to have a line starting with {@code prefix}, and returns that line. */
    private static String awaitLine(ChildJvm child, String prefix, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = Files.readAllLines(child.logFile()).stream().filter(l -> l.startsWith(prefix))
                    .findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("A producer JVM printed no " + prefix + " line"
                        + (child.isAlive() ? " within " + timeout.toSeconds() + " s" : " and exited") + ":\n"
                        + child.logTail(20));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static long max(long[] v) {
        long m = Long.MIN_VALUE;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static long min(long[] v) {
        long m = Long.MAX_VALUE;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
