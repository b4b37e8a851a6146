package io.petrel.broker.internal.metrics;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
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
 * yet, so the broker has it made later: by a task it hands to {@link #makeOn} (its background thread, after the
 * first requests had their time), or by {@link #awaitMade()}, whichever comes first. Operations asked for before
 * that are queued and run in order right after the server is made; from then on every operation runs at once.
 *
 * <p>Operations run under one lock, so a register and an unregister of the same name never overtake each other,
 * and nothing is registered after {@link #close}. The server itself is made outside the lock, so an event loop
 * registering a meter meanwhile only queues it.
 */
final class DeferredMBeanServer {
    private final Supplier<MBeanServer> maker;
    private final Object lock = new Object();
    /** Guarded by lock: null until made (or after close). */
    private MBeanServer server;
    /** Guarded by lock: operations waiting for the server. */
    private final List<Consumer<MBeanServer>> waiting = new ArrayList<>();
    /** Guarded by lock. */
    private boolean closed;

    DeferredMBeanServer(Supplier<MBeanServer> maker) {
        this.maker = maker;
    }

    /** The platform MBeanServer now if this JVM has made it, else one made later ({@link #makeOn}, {@link #awaitMade}). */
    static DeferredMBeanServer platform() {
        DeferredMBeanServer deferred = new DeferredMBeanServer(ManagementFactory::getPlatformMBeanServer);
        // ManagementFactory makes the platform server through MBeanServerFactory.createMBeanServer, which lists
        // it here; this asks without making one. Another server listed here means JMX is in use in this JVM anyway.
        if (!MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            deferred.make();
        }
        return deferred;
    }

    /** Has {@code executor} make the MBeanServer and run what waited, unless that happened already. */
    void makeOn(Executor executor) {
        if (!isSettled()) {
            executor.execute(this::make);
        }
    }

    /** Returns once every operation asked for so far ran (or was dropped by close): makes the server here if need be. */
    void awaitMade() {
        make();
    }

    private boolean isSettled() {
        synchronized (lock) {
            return closed || server != null;
        }
    }

    /**
     * Makes the server unless it is made or closed, then runs what waited. Two threads may both ask
     * {@code maker}, which gives the same server; one of them installs it. Either way, on return every operation
     * queued before the call ran, under the lock, before the server was visible to anyone.
     */
    private void make() {
        if (isSettled()) {
            return;
        }
        MBeanServer made = maker.get();
        synchronized (lock) {
            if (closed || server != null) {
                return;
            }
            server = made;
            for (Consumer<MBeanServer> operation : waiting) {
                operation.accept(made);
            }
            waiting.clear();
        }
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

    /**
     * Runs {@code last} on the server if it was made, then takes no more operations; queued ones are dropped,
     * and a server never made is never made now.
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
    }
}
