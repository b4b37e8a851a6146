package io.petrel.broker.internal.metrics;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operations asked for before the MBeanServer is made run once it is, in order; after it, at once. */
class DeferredMBeanServerTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicInteger made = new AtomicInteger();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final DeferredMBeanServer deferred = new DeferredMBeanServer(() -> {
        made.incrementAndGet();
        return server;
    });

    @Test
    void operationsWaitForTheServerAndRunInOrderOnTheThreadThatMakesIt() throws Exception {
        ObjectName kept = new ObjectName("test:name=kept");
        ObjectName dropped = new ObjectName("test:name=dropped");
        deferred.run(s -> register(s, kept));
        deferred.run(s -> register(s, dropped));
        deferred.run(s -> unregister(s, dropped));
        assertEquals(0, made.get(), "nothing asks for the server before makeOn");
        assertFalse(server.isRegistered(kept));

        deferred.makeOn(background::add);
        assertEquals(0, made.get(), "made on the executor, not on the caller's thread");
        background.remove().run();
        assertEquals(1, made.get());
        assertTrue(server.isRegistered(kept));
        assertFalse(server.isRegistered(dropped), "an unregister queued after its register still wins");
        deferred.awaitMade();
        assertEquals(1, made.get(), "awaitMade after the server is made makes nothing");

        ObjectName later = new ObjectName("test:name=later");
        deferred.run(s -> register(s, later));
        assertTrue(server.isRegistered(later), "once made, operations run at once");
        deferred.makeOn(background::add);
        assertTrue(background.isEmpty(), "made once only");
    }

    @Test
    void awaitMadeMakesTheServerOnTheCallersThreadWhenTheBackgroundTaskHasNotRunYet() throws Exception {
        ObjectName name = new ObjectName("test:name=awaited");
        deferred.run(s -> register(s, name));
        deferred.makeOn(background::add);
        deferred.awaitMade();
        assertEquals(1, made.get());
        assertTrue(server.isRegistered(name), "what waited is registered once awaitMade returns");
        background.remove().run();
        assertEquals(1, made.get(), "the late background task finds it made");
    }

    @Test
    void closeBeforeTheServerIsMadeDropsWhatWaitedAndNothingMakesItAfterwards() throws Exception {
        ObjectName name = new ObjectName("test:name=never");
        deferred.run(s -> register(s, name));
        deferred.makeOn(background::add);
        deferred.close(s -> {
            throw new AssertionError("no server was made, so nothing is left to clean up");
        });
        deferred.awaitMade();
        background.remove().run();
        assertEquals(0, made.get(), "neither awaitMade nor a task that runs after close makes a server");
        assertFalse(server.isRegistered(name));
        deferred.run(s -> register(s, name));
        assertFalse(server.isRegistered(name), "nothing runs after close");
    }

    @Test
    void closeAfterTheServerIsMadeRunsTheLastOperationOnIt() throws Exception {
        ObjectName name = new ObjectName("test:name=closed");
        deferred.makeOn(Runnable::run);
        deferred.run(s -> register(s, name));
        assertTrue(server.isRegistered(name));
        deferred.close(s -> unregister(s, name));
        assertFalse(server.isRegistered(name));
    }

    private static void register(MBeanServer s, ObjectName name) {
        try {
            s.registerMBean(new JmxGauge(() -> 1L), name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void unregister(MBeanServer s, ObjectName name) {
        try {
            s.unregisterMBean(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
