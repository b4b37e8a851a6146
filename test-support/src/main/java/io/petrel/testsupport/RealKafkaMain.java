package io.petrel.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the broker JVM that {@link RealKafkaBroker} starts: formats the data directory if it is new
 * ({@code kafka.tools.StorageTool format}), then hands over to {@code kafka.Kafka}.
 *
 * <p>Both steps share one JVM, so a start pays for one JVM launch and one load of Kafka's classes, not two, and
 * {@code StorageTool}'s and the broker's calls to {@code Exit} end this child, never the test JVM. Kafka's classes
 * are named as strings: this module is built without Kafka, whose jars (kafka_2.13) come from the class path of
 * the test that starts the broker.
 *
 * <p>Its standard input is a pipe from the test JVM, which never writes to it. End of input means the test JVM
 * is gone (killed, so its shutdown hook did not run): the broker halts rather than outlive it.
 *
 * <p>Arguments: {@code <server.properties> <format arguments file>}; the file holds StorageTool's arguments after
 * {@code format --config <server.properties>}, one per line (in a file rather than on the command line, where
 * any credential in them, such as a SCRAM user's, would show in a process listing).
 */
public final class RealKafkaMain {
    /** The file, beside server.properties, whose presence says the data directory has been formatted. */
    static final String FORMATTED_MARKER = "formatted";
    /** Exit status when the arguments are wrong. */
    static final int USAGE = 2;
    /** Exit status when the StorageTool format step fails. */
    static final int FORMAT_FAILED = 70;
    /** Exit status when the test JVM went away. */
    public static final int ORPHANED = 71;

    private RealKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RealKafkaMain <server.properties> <format arguments file>");
            System.exit(USAGE);
        }
        watchParent(System.in);
        Path config = Path.of(args[0]);
        if (!Files.exists(config.resolveSibling(FORMATTED_MARKER))) {
            format(config, Files.readAllLines(Path.of(args[1])));
        }
        invoke(Class.forName("kafka.Kafka").getMethod("main", String[].class), (Object) new String[] {config.toString()});
    }

    private static void format(Path config, List<String> formatArguments) throws Exception {
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("format", "--config", config.toString()));
        command.addAll(formatArguments);
        Method execute = Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class, PrintStream.class);
        int rc = (Integer) invoke(execute, command.toArray(String[]::new), System.out);
        System.out.flush();
        if (rc != 0) {
            System.err.println("RealKafkaMain: StorageTool format failed with status " + rc);
            System.exit(FORMAT_FAILED);
        }
        Files.writeString(config.resolveSibling(FORMATTED_MARKER), "formatted\n");
        System.out.printf("RealKafkaMain: formatted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /** Calls a static method, rethrowing what it threw rather than a reflection wrapper. */
    private static Object invoke(Method method, Object... args) throws Exception {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // The test JVM writes nothing; ignore whatever comes.
                }
            } catch (IOException e) {
                System.err.println("RealKafkaMain: standard input broke (" + e + "), as when the test JVM is gone");
            }
            System.err.println("RealKafkaMain: the test JVM is gone; halting the broker");
            Runtime.getRuntime().halt(ORPHANED);
        }, "realkafka-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
