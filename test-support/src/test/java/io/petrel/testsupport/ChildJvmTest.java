package io.petrel.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final AtomicInteger atExitRuns = new AtomicInteger();
    private ChildJvm child;

    @AfterEach
    void killLeftover() {
        if (child != null && child.isAlive()) {
            child.kill();
        }
    }

    @Test
    void runsTheMainClassOnThisClassPathInItsDirectoryWithItsOutputInTheLog() throws Exception {
        child = launch();
        Await.until(WAIT, () -> "the child's first line; log: " + child.logTail(5),
                () -> child.logTail(1).startsWith("child started"));
        assertEquals("child started with one two in " + dir.toRealPath(), child.logTail(1));
        assertTrue(child.isAlive());
        assertEquals(Optional.empty(), child.exitValue());
        assertTrue(child.residentSetKiB().orElse(1L) > 0);
    }

    @Test
    void stopIsSigtermAndKillIsSigkill() {
        child = launch();
        assertEquals(143, child.stop(WAIT), "128 + SIGTERM");
        assertFalse(child.isAlive());
        assertEquals(Optional.of(143), child.exitValue());
        assertEquals(143, child.stop(WAIT), "stopping again changes nothing");

        child = launch();
        assertEquals(137, child.kill(), "128 + SIGKILL");
        assertEquals(0, atExitRuns.get(), "the clean-up is for this JVM's exit only");
    }

    @Test
    void theChildSeesItsInputEndWhenThisJvmGoesAway() throws Exception {
        child = launch();
        child.process().getOutputStream().close(); // What the child sees when this JVM is killed.
        assertTrue(child.waitFor(WAIT));
        assertEquals(Optional.of(ChildMain.INPUT_ENDED), child.exitValue());
    }

    private ChildJvm launch() {
        return ChildJvm.launch(dir, dir.resolve("child.log"), List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                ChildMain.class.getName(), List.of("one", "two"), atExitRuns::incrementAndGet);
    }
}
