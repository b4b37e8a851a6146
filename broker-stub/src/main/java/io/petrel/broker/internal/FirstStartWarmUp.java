package io.petrel.broker.internal;

import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM-wide, one-time set-up a broker's first start in a JVM needs, begun on a side thread as the start
 * begins, so that it runs beside the start's own work (data directory, port, topics, groups) on another core
 * instead of after it.
 *
 * <p>Two pieces, the largest a first start pays for that do not depend on the broker (measured with
 * {@code -Xlog:class+load}, see benchmarks/README.md): the platform MBeanServer the broker's metrics register on
 * (the JMX implementation, about 480 classes loaded and initialised), and Netty's default buffer allocator with its
 * JFR allocation events (set up by the first buffer allocated: without this, by the first request, whose answer
 * would wait for it; about 150 ms of CPU, none with {@code -Dio.netty.jfr.enabled=false}).
 *
 * <p>Nothing changes but when: each piece is what the start would do anyway, in the same JVM-wide, idempotent
 * way, and the JVM serialises class initialisation and {@link ManagementFactory#getPlatformMBeanServer()}, so a
 * start that reaches one first simply waits for the side thread. The broker waits for the side thread before it
 * reads requests, so no thread outlives the start. Only the first start in a JVM begins it; on a single core
 * it would only compete with the start, so there it does nothing.
 */
public final class FirstStartWarmUp {
    private static final Logger log = LoggerFactory.getLogger(FirstStartWarmUp.class);
    private static final AtomicBoolean BEGUN = new AtomicBoolean();
    private static final FirstStartWarmUp NOTHING = new FirstStartWarmUp(null);

    private final Thread thread;

    private FirstStartWarmUp(Thread thread) {
        this.thread = thread;
    }

    /** Begins the warm-up if this is the JVM's first broker start and there is a spare core for it. */
    public static FirstStartWarmUp begin() {
        if (Runtime.getRuntime().availableProcessors() < 2 || !BEGUN.compareAndSet(false, true)) {
            return NOTHING;
        }
        Thread thread = new Thread(FirstStartWarmUp::warmUp, "petrel-broker-warm-up");
        thread.setDaemon(true);
        // The start meets any failure here again on its own thread, where it fails the start with its cause.
        thread.setUncaughtExceptionHandler((t, e) -> log.debug("Warming up for the first broker start failed", e));
        thread.start();
        return new FirstStartWarmUp(thread);
    }

    private static void warmUp() {
        ManagementFactory.getPlatformMBeanServer();
        ByteBufAllocator.DEFAULT.buffer(1).release();
    }

    /** Returns once the warm-up is over (at once when there was none). */
    public void awaitDone() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }
}
