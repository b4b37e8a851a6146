package io.petrel.broker.internal.metrics;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The platform MBeanServer as one broker reaches it, made off the broker's start when the JVM has none yet.
 *
 * <p>A JVM makes its platform MBeanServer on first use, with its own MXBeans: about 340 classes and the biggest
 * single piece of a first start (37 % of {@code petrel broker}'s main thread before its first answer). When some
 * code in the JVM already made it (a test that reads MBeans, a JMX agent started with the JVM), operations run at
 * once on the caller's thread, as they always did. When none did, nobody can be looking at the broker's MBeans
 * yet, so the broker asks for it only once it answers ({@link #makeOn}), on its own background thread; operations
 * asked for before that are queued and run in order on that thread, right after it made the server. From then on
 * every operation runs at once again. {@link #awaitMade()} is the point after which all of them are visible.
 *
 * <p>Operations run under one lock, so a register and an unregister of the same name never overtake each other,
 * and {@link #close} after which nothing more is registered.
 */
final class DeferredMBeanServer {
    private final Supplier<MBeanServer> maker;
    private final Object lock = new Object();
    private final CompletableFuture<Void> made = new CompletableFuture<>();
    /** Guarded by lock: null until made (or after close). */
    private MBeanServer server;
    /** Guarded by lock: operations waiting for the server. */
    private final List<Consumer<MBeanServer>> waiting = new ArrayList<>();
    /** Guarded by lock. */
    private boolean closed;

    DeferredMBeanServer(Supplier<MBeanServer> maker) {
        this.maker = maker;
    }

    /** The platform MBeanServer now if this JVM has made it, else one that {@link #makeOn} makes later. */
    static DeferredMBeanServer platform() {
        DeferredMBeanServer deferred = new DeferredMBeanServer(ManagementFactory::getPlatformMBeanServer);
        // ManagementFactory makes the platform server through MBeanServerFactory.createMBeanServer, which lists
        // it here; this asks without making one. Another server listed here means JMX is in use in this JVM anyway.
        if (!MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            deferred.made(ManagementFactory.getPlatformMBeanServer());
        }
        return deferred;
    }

    /** Makes the MBeanServer on {@code executor} unless it is made already, then runs what waited. */
    void makeOn(Executor executor) {
        if (!made.isDone()) {
            executor.execute(() -> {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                }
                made(maker.get());
            });
        }
    }

    private void made(MBeanServer platform) {
        synchronized (lock) {
            if (!closed) {
                server = platform;
                for (Consumer<MBeanServer> operation : waiting) {
                    operation.accept(platform);
                }
            }
            waiting.clear();
        }
        made.complete(null);
    }

    /** Runs {@code operation} on the server now if it is made, else queues it for when it is; nothing once closed. */
    void run(Consumer<MBeanServer> operation) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (server != null) {
                operation.accept(server);
            } else {
                waiting.add(operation);
            }
        }
    }

    /** Returns once every operation asked for so far ran (or was dropped by close). */
    void awaitMade() {
        made.join();
    }

    /**
     * Runs {@code last} on the server if it was made, then takes no more operations; queued ones are dropped,
     * and an executor that never ran {@link #makeOn}'s task leaves no waiter blocked.
     */
    void close(Consumer<MBeanServer> last) {
        synchronized (lock) {
            if (server != null && !closed) {
                last.accept(server);
            }
            closed = true;
            server = null;
            waiting.clear();
        }
        made.complete(null);
    }
}
