package io.petrel.benchmarks.producer;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Measures one run. The client driver calls {@link #start} just before the first send, {@link #completed}
 * from every record's callback with the {@link System#nanoTime} of its send, {@link #sendLoopDone} after the
 * last send() returned, and {@link #awaitAll} after flush(); {@link #result} then reads the figures.
 *
 * <p>Both clients run every callback on one thread of their own (kafka-clients' network thread, Petrel's
 * sender thread), the thread that also drives their I/O: the callback does as little as it can there, the
 * same for both, with no atomic operation per record: a plain HdrHistogram in microseconds and a plain
 * counter, read by the driver only after the last callback counted the latch down. A callback arriving on
 * a second thread fails the run rather than race.
 */
public final class RunMeasurement {
    /** What else to do at the edges of the measured interval (a JFR recording), outside the clock. */
    public interface Hooks {
        Hooks NONE = new Hooks() {
        };

        default void beforeStart() {
        }

        default void afterEnd() {
        }
    }

    private final long records;
    private final DoubleSupplier brokerCpuSeconds;
    private final Hooks hooks;
    private final Histogram latencyMicros = new Histogram(3);
    private final CountDownLatch allDone = new CountDownLatch(1);
    private long completedCount;
    private long errors;
    private Exception firstError;
    private Thread callbackThread;
    private volatile String secondCallbackThread;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Map<Long, Long> threadCpu0 = Map.of();
    private Map<String, Double> threadCpuSeconds = Map.of();
    private Map<String, Double> clientMetrics = Map.of();

    private long startNanos;
    private long sendLoopEndNanos;
    private long endNanos;
    private double clientCpu0;
    private double clientCpu1;
    private long gc0;
    private long gc1;
    private double broker0;
    private double broker1;
    private Machine.CpuTicks ticks0;
    private Machine.CpuTicks ticks1;

    public RunMeasurement(int records, DoubleSupplier brokerCpuSeconds, Hooks hooks) {
        this.records = records;
        this.brokerCpuSeconds = brokerCpuSeconds;
        this.hooks = hooks;
    }

    public void start() {
        hooks.beforeStart();
        broker0 = brokerCpuSeconds.getAsDouble();
        ticks0 = Machine.cpuTicks();
        threadCpu0 = threadCpuNanos();
        gc0 = Machine.gcMillis();
        clientCpu0 = Machine.thisProcessCpuSeconds();
        startNanos = System.nanoTime();
    }

    /** From a callback: {@code sendNanos} is the System.nanoTime() taken just before that record's send(). */
    public void completed(long sendNanos, Exception error) {
        Thread current = Thread.currentThread();
        if (callbackThread != current) {
            if (callbackThread != null) {
                secondCallbackThread = current.getName();
                allDone.countDown();
                return;
            }
            callbackThread = current;
        }
        if (error == null) {
            latencyMicros.recordValue(Math.max(0, (System.nanoTime() - sendNanos) / 1000));
        } else {
            if (firstError == null) {
                firstError = error;
            }
            errors++;
        }
        if (++completedCount == records) {
            allDone.countDown();
        }
    }

    public void sendLoopDone() {
        sendLoopEndNanos = System.nanoTime();
    }

    /** Waits for the callbacks of every record, then stops the clock. */
    public void awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        if (!allDone.await(timeout, unit)) {
            throw new IllegalStateException("Not every one of " + records
                    + " records was acknowledged or failed within " + unit.toSeconds(timeout) + " s");
        }
        if (secondCallbackThread != null) {
            throw new IllegalStateException("Callbacks ran on " + callbackThread.getName() + " and "
                    + secondCallbackThread + ": this measurement expects one callback thread");
        }
        endNanos = System.nanoTime();
        clientCpu1 = Machine.thisProcessCpuSeconds();
        gc1 = Machine.gcMillis();
        ticks1 = Machine.cpuTicks();
        broker1 = brokerCpuSeconds.getAsDouble();
        threadCpuSeconds = threadCpuSecondsSinceStart();
        hooks.afterEnd();
    }

    /** The client's own metrics after the run (batch size, requests...), by Kafka's names; read before close. */
    public void clientMetrics(Map<String, Double> metrics) {
        clientMetrics = Map.copyOf(metrics);
    }

    private static Map<Long, Long> threadCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long ns = THREADS.getThreadCpuTime(id);
            if (ns >= 0) {
                cpu.put(id, ns);
            }
        }
        return cpu;
    }

    /** CPU seconds per thread of this JVM during the run, by name with digits folded ("producer-N"). */
    private Map<String, Double> threadCpuSecondsSinceStart() {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<Long, Long> e : threadCpuNanos().entrySet()) {
            ThreadInfo info = THREADS.getThreadInfo(e.getKey());
            if (info == null) {
                continue;
            }
            double s = (e.getValue() - threadCpu0.getOrDefault(e.getKey(), 0L)) / 1e9;
            if (s > 0.005) {
                out.merge(info.getThreadName().replaceAll("\\d+", "N"), s, Double::sum);
            }
        }
        return out;
    }

    public RunResult result(String broker, String compression, int partitions, String client, int repeat,
                            int recordSize, long landed) {
        Histogram h = latencyMicros;
        double seconds = (endNanos - startNanos) / 1e9;
        double clientCpu = clientCpu1 - clientCpu0;
        double brokerCpu = broker1 - broker0;
        double busy = ticks1.busyFractionSince(ticks0) * Runtime.getRuntime().availableProcessors() * seconds;
        Exception e = firstError;
        return new RunResult(broker, compression, partitions, client, repeat, records, recordSize, seconds,
                (sendLoopEndNanos - startNanos) / 1e9,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                clientCpu, gc1 - gc0, brokerCpu, Math.max(0, busy - clientCpu - brokerCpu), Machine.loadAverage1(),
                errors, e == null ? null : e.toString(), landed, threadCpuSeconds, clientMetrics);
    }
}
