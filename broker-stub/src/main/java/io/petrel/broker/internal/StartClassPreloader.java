package io.petrel.broker.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads the classes a broker's first start in a JVM needs on a second thread while the starting thread does that
 * start, so that on a machine with a free core the two share the class loading that makes up most of a first start.
 *
 * <p>The names come from {@value #LIST} beside this class: what a first start in a fresh JVM loaded from outside the
 * JDK's default class-data archive (Netty's event loops, allocator and channels, the broker's own classes, the JDK's
 * networking and file classes), in the order it loaded them. The starting thread finds most of them loaded, or
 * waits on the class loader's per-name lock while this thread finishes one.
 *
 * <p>Classes are loaded, never initialised ({@code Class.forName(name, false, loader)}): no static initialiser runs
 * on this thread, so it cannot take part in a class-initialisation deadlock with the starting thread or with the
 * event loops. A name this JVM does not have (another Netty or JDK version) is skipped. It runs once per class
 * loader (a later start finds everything loaded) and only during the start: {@link #close()} stops it after the
 * class it is loading and waits for that, so a started broker, or one that failed to start, leaves no thread
 * behind. {@code -Dio.petrel.broker.preloadStartClasses=false} turns it off.
 */
public final class StartClassPreloader implements AutoCloseable {
    /** The system property that turns preloading off when {@code false}. */
    public static final String PROPERTY = "io.petrel.broker.preloadStartClasses";
    static final String LIST = "start-classes.txt";

    private static final Logger log = LoggerFactory.getLogger(StartClassPreloader.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private final Thread thread;
    private volatile boolean stopped;

    /** Loads the classes {@code list}, a resource beside this class, names, or nothing when {@code list} is null. */
    StartClassPreloader(ClassLoader loader, String list) {
        this.thread = list == null ? null : new Thread(() -> load(loader, list), "petrel-broker-preload");
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Starts loading the first start's classes through {@code loader}, unless done before or turned off. */
    public static StartClassPreloader startOnce(ClassLoader loader) {
        boolean wanted = !"false".equals(System.getProperty(PROPERTY));
        return new StartClassPreloader(loader, wanted && STARTED.compareAndSet(false, true) ? LIST : null);
    }

    /**
     * Stops after the class being loaded and waits for that, interrupted or not: a start that has built its broker
     * must not fail (and leave it running) over this short wait. An interrupt is kept for the caller to see.
     */
    @Override
    public void close() {
        stopped = true;
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void load(ClassLoader loader, String list) {
        int loaded = 0;
        List<String> missing = new ArrayList<>();
        try (InputStream in = StartClassPreloader.class.getResourceAsStream(list)) {
            if (in == null) {
                log.warn("No {} beside {}: the broker's start classes are not preloaded", list,
                        StartClassPreloader.class.getName());
                return;
            }
            BufferedReader names = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String name = names.readLine(); name != null && !stopped; name = names.readLine()) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                if (loadOne(name.strip(), loader)) {
                    loaded++;
                } else {
                    missing.add(name.strip());
                }
            }
            log.debug("Preloaded {} start classes{}; not in this JVM: {}", loaded,
                    stopped ? " (stopped as the start ended)" : "", missing);
        } catch (IOException e) {
            log.warn("Could not read {}: the rest of the broker's start classes are not preloaded", list, e);
        }
    }

    /** Loads without initialising; false for a class this JVM does not have (another Netty or JDK version). */
    private static boolean loadOne(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
