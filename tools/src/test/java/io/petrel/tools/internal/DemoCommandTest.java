package io.petrel.tools.internal;

import io.petrel.compression.CompressionType;
import io.petrel.samples.CustomPartitionerSample;
import io.petrel.tools.Petrel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel demo} run in-process, through the same entry point as the command line. */
class DemoCommandTest {

    @Test
    void runsEverySampleShowsWhatEachDidAndLeavesNothingBehind() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Petrel.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), "demo");

        String output = out.toString();
        assertEquals(0, exit, output + err);
        assertEquals("", err.toString());
        // Each sample's result, under its heading.
        assertInOrder(output,
                "== 1. Fire and forget", "flushed: 5 acknowledged, 0 failed",
                "== 2. Synchronous send", "key account-42 -> partition",
                "== 3. Send with a callback", "key click-lost failed:",
                "== 4. Asynchronous send", "order paid    -> partition", "all 5 acknowledged",
                "== 5. A custom partitioner", "key vip-alice (VIP: partition 0)        -> partition 0, offset",
                "== 6. Compression", "embedded broker's data directory",
                "== 7. A consumer group", "received 27 records; group peter-basic01-readers committed",
                "== 8. Exactly once", "read 27 records of peter-basic01 as group peter-basic01-copier",
                "aborted a transaction of 27 copies: a read_committed reader of peter-basic01-upper sees 0 records,"
                        + " a read_uncommitted one 27",
                "committed a transaction of 27 copies: a read_committed reader of peter-basic01-upper sees 27 records;"
                        + " group peter-basic01-copier committed partition 0 at");
        for (String key : CustomPartitionerSample.KEYS) {
            assertTrue(output.contains("key " + key), output);
        }
        for (CompressionType codec : CompressionType.values()) {
            assertTrue(Pattern.compile("(?m)^" + codec.configName() + " +400 +\\d+").matcher(output).find(), output);
        }
        // The consumer printed the records the others sent.
        for (String record : new String[] {"key sensor-5, value fire-and-forget reading 5", "key account-42, value sync deposit 3",
                "key click-4, value callback click 4", "key order-7, value async order paid", "key vip-frank, value partitioned"}) {
            assertTrue(output.contains(record), record + " in:\n" + output);
        }
        // 5 + 3 + 4 + 5 + 7 + 3 records to the demo topic, and the directory named at the start is gone.
        assertTrue(output.contains("Sent 27 records to peter-basic01; the consumer received all 27."), output);
        Matcher dataDir = Pattern.compile("data in (\\S+)\\)").matcher(output);
        assertTrue(dataDir.find(), output);
        assertTrue(output.contains("Broker stopped, " + dataDir.group(1) + " deleted."), output);
        assertFalse(Files.exists(Path.of(dataDir.group(1))), dataDir.group(1));
    }

    @Test
    void aFailureNamesTheStepInOneLine() {
        DemoCommand demo = new DemoCommand(() -> {
            throw new UncheckedIOException("Could not start the broker: no space left", new IOException("no space left"));
        });
        new CommandLine(demo).parseArgs();

        CommandFailedException failure = assertThrows(CommandFailedException.class, demo::call);

        assertEquals("starting the embedded broker failed: Could not start the broker: no space left",
                ErrorLine.of(failure));
    }

    private static void assertInOrder(String output, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = output.indexOf(part, from);
            assertTrue(at >= 0, "'" + part + "' after position " + from + " in:\n" + output);
            from = at + part.length();
        }
    }
}
