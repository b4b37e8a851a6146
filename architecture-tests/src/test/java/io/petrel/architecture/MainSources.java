package io.petrel.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * The main (not test) Java sources of every module of the repository, read from disk rather than from the
 * classpath: a package whose classes never reach this module's classpath (a new module, a package-info
 * javac compiles to nothing) is still seen here.
 *
 * @param packages each module directory's main packages, the module's name (e.g. {@code client-core}) first
 * @param missingPackageInfo main packages with Java sources but no {@code package-info.java}, as
 *                           {@code module: package}
 */
record MainSources(Map<String, SortedSet<String>> packages, List<String> missingPackageInfo) {

    /** Reads {@code root/<module>/src/main/java} for every directory under the repository root. */
    static MainSources read(Path root) {
        Map<String, SortedSet<String>> packages = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().toList()) {
                String name = module.getFileName().toString();
                Path sources = module.resolve("src/main/java");
                SortedSet<String> found = new TreeSet<>();
                for (Path dir : packageDirectories(sources)) {
                    String pkg = sources.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), ".");
                    found.add(pkg);
                    if (!Files.exists(dir.resolve("package-info.java"))) {
                        missing.add(name + ": " + pkg);
                    }
                }
                packages.put(name, found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the modules' sources under " + root, e);
        }
        return new MainSources(packages, missing);
    }

    /** Directories holding at least one Java class (a directory with only a package-info is not a package). */
    private static List<Path> packageDirectories(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                    .map(Path::getParent)
                    .distinct()
                    .sorted()
                    .toList();
        }
    }

    /** The module whose main sources hold {@code pkg}, or {@code "?"}. */
    String moduleOf(String pkg) {
        return packages.entrySet().stream()
                .filter(e -> e.getValue().contains(pkg))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }
}
