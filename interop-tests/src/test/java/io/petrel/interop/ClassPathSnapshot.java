package io.petrel.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's class path with each directory entry (the reactor's target/classes and target/test-classes) copied
 * once to a temporary directory, for child JVMs started while the tests run: a build in the same workspace that
 * recompiles those directories meanwhile cannot take classes away from a child starting later. Jars are used in
 * place. The copies are deleted when this JVM exits.
 */
final class ClassPathSnapshot {
    private static String classPath;

    private ClassPathSnapshot() {
    }

    static synchronized String classPath() {
        if (classPath == null) {
            classPath = snapshot();
        }
        return classPath;
    }

    private static String snapshot() {
        try {
            Path root = Files.createTempDirectory("petrel-classpath-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root), "classpath-snapshot-cleanup"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path copy = root.resolve(Integer.toString(n++));
                    copyTree(path, copy);
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not snapshot the class path", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at exit: a leftover temporary directory is harmless.
        }
    }
}
