package io.petrel.broker.internal;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the first start's preloading loads, that it initialises nothing, and that its list does not rot. */
class StartClassPreloaderTest {
    static final AtomicBoolean INITIALISED = new AtomicBoolean();

    /** Marks its initialisation, which preloading must not cause. */
    static final class InitialisedOnce {
        static {
            INITIALISED.set(true);
        }
    }

    @Test
    void loadsEveryListedClassInOrderWithoutInitialisingAnyAndLeavesNoThread() throws Exception {
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        StartClassPreloader preloader = new StartClassPreloader(loader, "preload-test-classes.txt");
        awaitThreadEnd();
        preloader.close();

        assertEquals(List.of("io.petrel.broker.internal.StartClassPreloaderTest$InitialisedOnce",
                "io.petrel.no.such.Class", "java.lang.String"), loader.asked(),
                "every name, in the list's order, comments and blank lines skipped, a missing class not stopping it");
        assertFalse(INITIALISED.get(), "loaded, not initialised: no static initialiser ran on the preloading thread");
        assertFalse(preloadThreadAlive(), "no preloading thread is left once it is closed");
    }

    @Test
    void anInterruptedCloseStillWaitsForTheThreadAndKeepsTheInterrupt() {
        StartClassPreloader preloader = new StartClassPreloader(getClass().getClassLoader(), StartClassPreloader.LIST);
        Thread.currentThread().interrupt();
        preloader.close();

        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertFalse(preloadThreadAlive(), "the preloading thread ended before close returned");
    }

    @Test
    void everyListedPetrelAndNettyClassExists() throws IOException {
        List<String> names = listedNames(StartClassPreloader.LIST);
        assertTrue(names.size() > 500, "the list holds a first start's classes: " + names.size());
        List<String> gone = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("io.petrel.") || name.startsWith("io.netty.")) {
                try {
                    Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    gone.add(name);
                }
            }
        }
        assertEquals(List.of(), gone, "classes the list names that no longer exist: regenerate start-classes.txt as "
                + "its header says");
    }

    private static List<String> listedNames(String list) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = StartClassPreloader.class.getResourceAsStream(list)) {
            assertNotNull(in, list + " is beside StartClassPreloader");
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }

    /** Waits for the preloading thread to finish the whole list (close() would stop it early). */
    private static void awaitThreadEnd() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("petrel-broker-preload")) {
                t.join();
            }
        }
    }

    private static boolean preloadThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("petrel-broker-preload") && t.isAlive());
    }

    /** Delegates to its parent and records which names it was asked for. */
    private static final class RecordingLoader extends ClassLoader {
        private final List<String> asked = new ArrayList<>();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        synchronized List<String> asked() {
            return List.copyOf(asked);
        }
    }
}
