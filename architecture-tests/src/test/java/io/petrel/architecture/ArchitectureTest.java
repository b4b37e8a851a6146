package io.petrel.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module rules, checked on every {@code mvn verify}: a broken rule fails the build.
 * <ol>
 *   <li>Main code of one module uses another module's {@code internal} packages only as {@link InternalUse#ALLOWED}
 *       says, and every entry there is still needed.</li>
 *   <li>Main code never uses Apache Kafka ({@code org.apache.kafka..}, {@code kafka..}): Kafka is test scope only.</li>
 *   <li>Every main package has a {@code package-info.java}.</li>
 * </ol>
 * Test code is free to reach into internals: it ships nowhere.
 *
 * <p><b>Why a test over the compiled classes and not {@code module-info.java}.</b> Qualified exports would also
 * stop applications on the module path, but not those on the class path, which is where most Kafka clients run;
 * and they would move every module's tests onto the module path: tests sit in the packages they test (they would
 * need {@code --patch-module} per module), kafka-clients and kafka_2.13 in test scope are automatic modules with
 * split packages, and Netty, zstd-jni, lz4-java and snappy-java would be resolved as automatic modules in
 * production too, a change of behaviour for every user. A module descriptor also cannot say "every package has
 * a package-info" or "no Kafka". One test here checks all three rules for all modules, reports every breach with
 * the class, the line and the rule, and needs no change to how any module is built or run.
 *
 * <p>The classes checked are the main classes of the modules this module depends on (see its pom); the sources
 * are read from disk, so a module or package that is not on the classpath is caught and named.
 */
class ArchitectureTest {
    private static final String ROOT_PACKAGE = "io.petrel";

    /** Main classes only: not the modules' test classes, nor the test-jars the reactor may put on the path. */
    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ROOT_PACKAGE);

    private static final MainSources SOURCES = MainSources.read(Path.of(System.getProperty("petrel.root", "..")));

    /** One dependency of a main class: the user's module package, the class used (an array by its element). */
    private record Use(String from, JavaClass used, Dependency dependency) {
    }

    private static final List<Use> USES = MAIN_CLASSES.stream()
            .flatMap(user -> user.getDirectDependenciesFromSelf().stream()
                    .map(d -> new Use(topPackage(user.getPackageName()), d.getTargetClass().getBaseComponentType(), d)))
            .toList();

    @Test
    void mainCodeUsesAnotherModulesInternalsOnlyThroughTheAllowList() {
        Set<String> breaches = new LinkedHashSet<>();
        for (Use use : USES) {
            if (reachesForeignInternal(use.from(), use.used())
                    && InternalUse.ALLOWED.stream().noneMatch(a -> a.allows(use.from(), use.used()))) {
                breaches.add(use.dependency().getDescription() + "\n    -> " + use.used().getPackageName()
                        + " is internal to " + SOURCES.moduleOf(use.used().getPackageName()));
            }
        }
        assertTrue(breaches.isEmpty(), breaches.size() + " uses of another module's internal code (use its public"
                + " API, or add an InternalUse to InternalUse.ALLOWED saying why):\n" + String.join("\n", breaches));
    }

    @Test
    void everyAllowedInternalUseIsStillMade() {
        List<InternalUse> unused = InternalUse.ALLOWED.stream()
                .filter(a -> USES.stream().noneMatch(use -> a.allows(use.from(), use.used())))
                .toList();
        assertTrue(unused.isEmpty(), "InternalUse.ALLOWED entries no main code needs any more; remove them: "
                + unused);
    }

    @Test
    void mainCodeNeverUsesApacheKafka() {
        noClasses().that().resideInAPackage(ROOT_PACKAGE + "..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..")
                .because("Apache Kafka's artifacts are the reference Petrel is tested against, test scope only")
                .check(MAIN_CLASSES);
    }

    @Test
    void everyMainPackageHasAPackageInfo() {
        assertEquals(List.of(), SOURCES.missingPackageInfo(), "main packages without a package-info.java saying"
                + " what the package holds and how its pieces fit (model: client-producer's io.petrel.producer)");
    }

    /** Without this a new module, or one dropped from this module's pom, would silently escape the checks above. */
    @Test
    void everyMainPackageIsOnTheCheckedClasspath() {
        Set<String> imported = new HashSet<>();
        MAIN_CLASSES.forEach(c -> imported.add(c.getPackageName()));
        List<String> unchecked = new ArrayList<>();
        SOURCES.packages().forEach((module, packages) -> packages.stream()
                .filter(p -> !imported.contains(p))
                .forEach(p -> unchecked.add(module + ": " + p)));
        assertEquals(List.of(), unchecked, "main packages whose classes are not checked: add their module as a"
                + " test dependency of architecture-tests");
    }

    /** So "another module's internals" is well defined: io.petrel.X.. belongs to exactly one module. */
    @Test
    void eachTopPackageBelongsToOneModule() {
        Map<String, SortedSet<String>> modulesByTop = new TreeMap<>();
        SOURCES.packages().forEach((module, packages) -> packages.forEach(p -> {
            assertTrue(p.startsWith(ROOT_PACKAGE + "."), module + ": package " + p + " is outside " + ROOT_PACKAGE);
            modulesByTop.computeIfAbsent(topPackage(p), t -> new TreeSet<>()).add(module);
        }));
        modulesByTop.forEach((top, modules) ->
                assertEquals(1, modules.size(), top + " is spread over the modules " + modules));
        assertFalse(modulesByTop.isEmpty(), "no main sources found under " + System.getProperty("petrel.root"));
    }

    private static boolean reachesForeignInternal(String fromTop, JavaClass used) {
        String pkg = used.getPackageName();
        return pkg.startsWith(ROOT_PACKAGE + ".") && isInternal(pkg) && !topPackage(pkg).equals(fromTop);
    }

    private static boolean isInternal(String pkg) {
        return List.of(pkg.split("\\.")).contains("internal");
    }

    /** {@code io.petrel.client.internal.config} -> {@code io.petrel.client}: the module's own package. */
    private static String topPackage(String pkg) {
        String[] parts = pkg.split("\\.");
        return parts.length < 3 ? pkg : parts[0] + "." + parts[1] + "." + parts[2];
    }
}
