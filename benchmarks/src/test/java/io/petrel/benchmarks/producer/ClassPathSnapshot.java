package io.petrel.benchmarks.producer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Guards a run against the Petrel SNAPSHOT jars in the local Maven repository being reinstalled while it
 * runs (another build on the same machine): a jar replaced under a running JVM makes its next class load
 * fail. {@link #preloadSnapshotClasses} loads every class of those jars into this JVM up front;
 * {@link #childClassPath} is this JVM's class path with those jars copied to a private directory, for the
 * broker JVMs.
 */
public final class ClassPathSnapshot {
    private static String childClassPath;
    private static Path copies;

    private ClassPathSnapshot() {
    }

    /** Loads (without initialising) every class of the SNAPSHOT jars on the class path; returns how many. */
    public static int preloadSnapshotClasses() {
        int loaded = 0;
        ClassLoader loader = ClassPathSnapshot.class.getClassLoader();
        for (String entry : entries()) {
            if (!isSnapshotJar(entry)) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Enumeration<JarEntry> e = jar.entries();
                while (e.hasMoreElements()) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                            loaded++;
                        } catch (ClassNotFoundException | LinkageError ignored) {
                            // Optional dependencies missing: it would fail the same way when used.
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + entry, e);
            }
        }
        return loaded;
    }

    /** This JVM's class path, absolute, with its SNAPSHOT jars replaced by private copies made on the first call. */
    public static synchronized String childClassPath() {
        if (childClassPath != null) {
            return childClassPath;
        }
        try {
            copies = Files.createTempDirectory("petrel-bench-jars-");
            Runtime.getRuntime().addShutdownHook(new Thread(ClassPathSnapshot::deleteCopies, "delete-jar-copies"));
            List<String> out = new ArrayList<>();
            int n = 0;
            for (String entry : entries()) {
                Path p = Path.of(entry).toAbsolutePath();
                if (isSnapshotJar(entry)) {
                    Path copy = copies.resolve((n++) + "-" + p.getFileName());
                    Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                    p = copy;
                }
                out.add(p.toString());
            }
            childClassPath = String.join(File.pathSeparator, out);
            return childClassPath;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the class path's SNAPSHOT jars", e);
        }
    }

    private static List<String> entries() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    private static boolean isSnapshotJar(String entry) {
        return entry.endsWith("-SNAPSHOT.jar");
    }

    private static void deleteCopies() {
        try (Stream<Path> files = Files.walk(copies)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // Best effort, in /tmp.
        }
    }
}
