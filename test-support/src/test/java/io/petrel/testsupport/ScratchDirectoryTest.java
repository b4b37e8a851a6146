package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScratchDirectoryTest {
    private static final String PREFIX = "petrel-scratch-test-";

    @Test
    void deletesTheDirectoriesOfExitedJvmsOnlyAndWholeTrees() throws Exception {
        Path mine = ScratchDirectory.create(PREFIX);
        Path abandoned = ScratchDirectory.create(PREFIX);
        Path foreign = Files.createTempDirectory(PREFIX); // No owner file: not ours to delete.
        try {
            Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
            Files.writeString(abandoned.resolve("owner"), gone.pid() + " 2020-01-01T00:00:00Z\n");
            Files.createDirectories(abandoned.resolve("data/topic-0"));
            Files.writeString(abandoned.resolve("data/topic-0/segment"), "bytes");

            ScratchDirectory.deleteAbandoned(PREFIX);

            assertFalse(Files.exists(abandoned), "its owner has exited");
            assertTrue(Files.exists(mine), "owned by this running JVM");
            assertTrue(Files.exists(foreign), "no owner file");
        } finally {
            ScratchDirectory.deleteTree(mine);
            ScratchDirectory.deleteTree(abandoned);
            ScratchDirectory.deleteTree(foreign);
        }
        assertFalse(Files.exists(mine));
        assertFalse(Files.exists(foreign));
    }
}
