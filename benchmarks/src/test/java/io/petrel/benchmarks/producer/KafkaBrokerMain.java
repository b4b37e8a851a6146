package io.petrel.benchmarks.producer;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of the real Apache Kafka broker JVM that {@link BrokerProcess#startKafka} launches:
 * formats the new data directory with {@code kafka.tools.StorageTool}, then runs {@code kafka.Kafka}, in one
 * JVM. It halts when its standard input closes, which happens when the benchmark JVM dies without its
 * shutdown hook running, so no broker outlives the benchmark.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}.
 */
public final class KafkaBrokerMain {
    static final int FORMAT_FAILED = 70;
    static final int ORPHANED = 71;

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster id>");
            System.exit(2);
        }
        haltWhenParentGoes(System.in);
        int rc = kafka.tools.StorageTool.execute(
                new String[] {"format", "--standalone", "--cluster-id", args[1], "--config", args[0]}, System.out);
        System.out.flush();
        if (rc != 0) {
            System.err.println("KafkaBrokerMain: StorageTool format failed with status " + rc);
            System.exit(FORMAT_FAILED);
        }
        kafka.Kafka.main(new String[] {args[0]});
    }

    private static void haltWhenParentGoes(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // The parent never writes; only the end of input matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same.
            }
            System.err.println("KafkaBrokerMain: the benchmark JVM is gone; halting");
            Runtime.getRuntime().halt(ORPHANED);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
