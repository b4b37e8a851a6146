package io.petrel.benchmarks.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerCpuTest {

    @Test
    void sumsTheCompilerThreadsOnlyAndSkipsAThreadThatEnded(@TempDir Path task) throws IOException {
        thread(task, "1", "C2 CompilerThre", "31860671934 4122 900");
        thread(task, "2", "C1 CompilerThre", "2625915275 10 20");
        thread(task, "3", "main", "999999999999 1 1");
        thread(task, "4", "GC Thread#0", "777777 1 1");
        Files.createDirectory(task.resolve("5")); // listed, then gone before its files were read

        assertEquals(31_860_671_934L + 2_625_915_275L, CompilerCpu.nanos(task));
    }

    @Test
    void withoutProcThereIsNoFigure(@TempDir Path dir) {
        assertTrue(Double.isNaN(CompilerCpu.nanos(dir.resolve("missing"))));
    }

    private static void thread(Path task, String tid, String comm, String schedstat) throws IOException {
        Path t = Files.createDirectory(task.resolve(tid));
        Files.writeString(t.resolve("comm"), comm + "\n");
        Files.writeString(t.resolve("schedstat"), schedstat + "\n");
    }
}
