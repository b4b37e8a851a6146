package io.petrel.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * This JVM's class path made safe from builds that run while it does.
 *
 * <p>The class path has entries another build on the same machine may rewrite under a running JVM: the reactor's
 * {@code target/classes} and {@code target/test-classes} directories (a build in the same workspace recompiles
 * them) and {@code -SNAPSHOT} jars (reinstalled into a Maven repository, or rebuilt in a module's {@code target}). A class loaded after such a rewrite is
 * missing or from another revision. Two remedies:
 * <ul>
 *   <li>{@link #childClassPath} for a child JVM started later: this class path with each such entry copied once
 *       to a private temporary directory (deleted when this JVM exits). Released jars are used in place.</li>
 *   <li>{@link #preloadClasses} for this JVM: loads every class of those entries up front (without
 *       initialising them), for a long run such as the benchmark suite.</li>
 * </ul>
 */
public final class ClassPathSnapshot {
    private static final String DIR_PREFIX = "petrel-classpath-";
    private static String childClassPath;

    private ClassPathSnapshot() {
    }

    /** This JVM's class path, absolute, with its directories and SNAPSHOT jars replaced by copies made on the first call. */
    public static synchronized String childClassPath() {
        if (childClassPath == null) {
            childClassPath = snapshot();
        }
        return childClassPath;
    }

    /**
     * Loads (without initialising) every class of the class path's directories and SNAPSHOT jars; returns how many.
     * Classes whose optional dependencies are missing are skipped: they would fail the same way when used.
     */
    public static int preloadClasses() {
        int loaded = 0;
        for (String entry : entries()) {
            Path path = Path.of(entry);
            for (String name : classNames(path)) {
                if (load(name)) {
                    loaded++;
                }
            }
        }
        return loaded;
    }

    private static List<String> entries() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** Whether a build may rewrite this entry while tests run. */
    static boolean mutable(Path entry) {
        String name = entry.getFileName().toString();
        return Files.isDirectory(entry) || name.endsWith(".jar") && name.contains("-SNAPSHOT");
    }

    private static String snapshot() {
        try {
            Path root = Files.createTempDirectory(DIR_PREFIX);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchDirectory.deleteTree(root),
                    "classpath-snapshot-cleanup"));
            List<String> out = new ArrayList<>();
            int n = 0;
            for (String entry : entries()) {
                Path path = Path.of(entry).toAbsolutePath();
                if (Files.exists(path) && mutable(path)) {
                    Path copy = root.resolve(n++ + "-" + path.getFileName());
                    copy(path, copy);
                    path = copy;
                }
                out.add(path.toString());
            }
            return String.join(File.pathSeparator, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot snapshot the class path", e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
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

    /** The binary names of the classes in a mutable entry; none for any other entry. */
    private static List<String> classNames(Path entry) {
        if (!Files.exists(entry) || !mutable(entry)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> paths = Files.walk(entry)) {
                    paths.filter(Files::isRegularFile).forEach(p -> files.add(entry.relativize(p).toString()
                            .replace(File.separatorChar, '/')));
                }
            } else {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    Enumeration<JarEntry> e = jar.entries();
                    while (e.hasMoreElements()) {
                        files.add(e.nextElement().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the classes of " + entry, e);
        }
        return files.stream()
                .filter(f -> f.endsWith(".class") && !f.endsWith("module-info.class") && !f.endsWith("package-info.class"))
                .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                .toList();
    }

    private static boolean load(String className) {
        try {
            Class.forName(className, false, ClassPathSnapshot.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // An optional dependency is missing: using the class would fail the same way.
        }
    }
}
