package io.petrel.tools.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the launcher that the class-data archive this JVM writes at exit is worth keeping: the command ran its job,
 * so the archive holds the classes later runs of it load.
 *
 * <p>Why: the launcher's first run of a command writes the archive every later run maps, whatever that first run
 * did. A first {@code petrel broker --help}, a mistyped option or a port already taken loaded only the command line's
 * classes (a 1.9 MB archive instead of ~15 MB), and every later start then loaded the broker's classes from the jars,
 * until a jar or the JVM changed. So the launcher names a file in {@code petrel.cds.dump} (the
 * property that also tells the command it runs in the archiving JVM) and keeps the archive only when the run created
 * it; otherwise the next run writes the archive again.
 */
public final class ClassArchiveVerdict {
    private static final Logger log = LoggerFactory.getLogger(ClassArchiveVerdict.class);

    private ClassArchiveVerdict() {
    }

    /** The command ran its job: keep the archive (nothing to do in a JVM that writes none). */
    public static void keep() {
        String file = System.getProperty(ClassArchiveTraining.DUMP_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            Files.write(Path.of(file), new byte[0]);
        } catch (IOException | RuntimeException e) {
            // Only costs the next run the archive's rewrite; the command itself went well.
            log.warn("Could not mark the class-data archive as worth keeping ({}): the next run writes it again",
                    file, e);
        }
    }
}
