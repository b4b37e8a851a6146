package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassPathSnapshotTest {

    @Test
    void copiesTheDirectoriesAndSnapshotJarsAndUsesReleasedJarsInPlace() throws Exception {
        List<String> original = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> child = List.of(ClassPathSnapshot.childClassPath().split(File.pathSeparator));
        assertEquals(original.size(), child.size(), "one entry for each entry");
        int copied = 0;
        for (int i = 0; i < original.size(); i++) {
            Path from = Path.of(original.get(i)).toAbsolutePath();
            Path to = Path.of(child.get(i));
            if (ClassPathSnapshot.mutable(from)) {
                assertNotEquals(from, to, "a copy of " + from);
                assertEquals(Files.isDirectory(from), Files.isDirectory(to));
                copied++;
            } else {
                assertEquals(from, to, "used in place");
            }
        }
        assertTrue(copied >= 2, "at least target/classes and target/test-classes: " + child);
        String testClass = ClassPathSnapshotTest.class.getName().replace('.', '/') + ".class";
        assertTrue(child.stream().anyMatch(e -> Files.exists(Path.of(e, testClass))), "the copies hold this class");
        assertEquals(ClassPathSnapshot.childClassPath(), String.join(File.pathSeparator, child), "made once");
    }

    @Test
    void preloadsTheClassesOfTheMutableEntries() {
        int loaded = ClassPathSnapshot.preloadClasses();
        assertTrue(loaded >= 10, "this module's own classes at least, loaded " + loaded);
        assertFalse(ClassPathSnapshot.mutable(Path.of("/repo/org/slf4j/slf4j-api/2.0.20/slf4j-api-2.0.20.jar")));
        assertTrue(ClassPathSnapshot.mutable(Path.of("/m2/io/petrel/x/0.1.0-SNAPSHOT/x-0.1.0-SNAPSHOT-tests.jar")));
    }
}
