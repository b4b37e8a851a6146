package io.petrel.tools.internal;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class ClassArchiveTrainingTest {

    @Test
    void servesOneRecordProducedAndFetchedBackOnAThrowawayBroker() throws Exception {
        PrintStream err = System.err;

        long offset = ClassArchiveTraining.run();

        assertEquals(0, offset, "the one record of a new topic, acknowledged and fetched at offset 0");
        assertSame(err, System.err, "standard error is given back once it has run");
    }

    @Test
    void runsOnlyInTheJvmTheLauncherSaysWritesTheArchive() {
        assertFalse(ClassArchiveTraining.archiving(), "a JVM started without -D" + ClassArchiveTraining.DUMP_PROPERTY
                + " does not train");
    }
}
