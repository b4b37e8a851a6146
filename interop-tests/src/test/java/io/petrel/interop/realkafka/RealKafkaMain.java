package io.petrel.interop.realkafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the broker JVM that {@link RealKafkaBroker} starts: formats the data directory if it is new,
 * then hands over to {@code kafka.Kafka}.
 *
 * <p>Both steps share one JVM, so a start pays for one JVM launch and one load of Kafka's classes, not two, and
 * {@code StorageTool}'s and the broker's calls to {@code Exit} end this child, never the test JVM.
 *
 * <p>Its standard input is a pipe from the test JVM, which never writes to it. End of input means the test JVM
 * is gone (killed, so its shutdown hook did not run): the broker halts rather than outlive it.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}.
 *
 * <p>{@link RealKafkaBroker} puts a copy of this one class file on the child's class path: keep it a single class
 * (no nested or anonymous classes; lambdas are fine) that needs only the JDK and Kafka.
 */
public final class RealKafkaMain {
    /** The file, beside server.properties, whose presence says the data directory has been formatted. */
    static final String FORMATTED_MARKER = "formatted";
    /**
     * The file, beside server.properties, holding more {@code StorageTool format} arguments, one a line (SCRAM
     * credentials: kept off the command line, which any process can read).
     */
    static final String FORMAT_ARGUMENTS = "format-arguments";
    /** Exit status when the StorageTool format step fails. */
    static final int FORMAT_FAILED = 70;
    /** Exit status when the test JVM went away. */
    static final int ORPHANED = 71;

    private RealKafkaMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RealKafkaMain <server.properties> <cluster id>");
            System.exit(2);
        }
        watchParent(System.in);
        Path config = Path.of(args[0]);
        String clusterId = args[1];
        if (!Files.exists(config.resolveSibling(FORMATTED_MARKER))) {
            long t0 = System.nanoTime();
            List<String> format = new ArrayList<>(List.of("format", "--standalone", "--cluster-id", clusterId,
                    "--config", config.toString()));
            Path more = config.resolveSibling(FORMAT_ARGUMENTS);
            if (Files.exists(more)) {
                format.addAll(Files.readAllLines(more));
            }
            int rc = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
            System.out.flush();
            if (rc != 0) {
                System.err.println("RealKafkaMain: StorageTool format failed with status " + rc);
                System.exit(FORMAT_FAILED);
            }
            Files.writeString(config.resolveSibling(FORMATTED_MARKER), clusterId + "\n");
            System.out.printf("RealKafkaMain: formatted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // The test JVM writes nothing; ignore whatever comes.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end of input.
            }
            System.err.println("RealKafkaMain: the test JVM is gone; halting the broker");
            Runtime.getRuntime().halt(ORPHANED);
        }, "realkafka-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
