package io.petrel.samples;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The broker a sample talks to, and the one piece of plumbing the samples share.
 *
 * <p>With {@code --bootstrap-server HOST:PORT[,HOST:PORT...]} a sample uses that cluster (an Apache Kafka 4.x
 * broker or {@code petrel broker}). Without it, it starts an embedded Petrel broker in this JVM, on a free
 * port with its log in a temporary directory, and {@link #close()} stops it and deletes the directory: a
 * sample runs with nothing installed.
 *
 * <p>The embedded broker creates a topic on first use with {@value #EMBEDDED_PARTITIONS} partitions, so
 * the samples have partitions to choose between; an external cluster creates them with its own
 * {@code num.partitions} (often 1, and then every record lands on partition 0).
 */
public final class SampleBroker implements AutoCloseable {
    /** The topic the samples write to and read from (the compression sample adds one topic per codec). */
    public static final String TOPIC = "peter-basic01";
    /** How many partitions the embedded broker gives a topic it creates. */
    public static final int EMBEDDED_PARTITIONS = 3;

    private static final String OPTION = "--bootstrap-server";
    private static final String USAGE = "usage: [" + OPTION + " HOST:PORT[,HOST:PORT...]] "
            + "(without it an embedded broker is started for the run)";

    private final String bootstrapServers;
    private final Broker embedded;

    private SampleBroker(String bootstrapServers, Broker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /** Starts an embedded broker on a free port, its log in a temporary directory. */
    public static SampleBroker embedded() {
        Broker broker = Broker.start(BrokerConfig.builder().numPartitions(EMBEDDED_PARTITIONS).build());
        return new SampleBroker(broker.bootstrapServers(), broker);
    }

    /**
     * A cluster running elsewhere.
     *
     * @throws IllegalArgumentException unless every comma-separated entry is {@code HOST:PORT} with a port in 1..65535
     */
    public static SampleBroker external(String bootstrapServers) {
        for (String hostPort : bootstrapServers.split(",", -1)) {
            checkHostPort(hostPort.trim(), bootstrapServers);
        }
        return new SampleBroker(bootstrapServers, null);
    }

    /**
     * The broker a sample's command line names: {@code --bootstrap-server HOST:PORT} (or
     * {@code --bootstrap-server=HOST:PORT}) for an external one, nothing for an embedded one.
     *
     * @throws IllegalArgumentException for any other argument, naming it and what is accepted
     */
    public static SampleBroker fromArgs(String... args) {
        if (args.length == 0) {
            return embedded();
        }
        if (args.length == 1 && args[0].startsWith(OPTION + "=")) {
            return external(args[0].substring(OPTION.length() + 1));
        }
        if (args.length == 2 && args[0].equals(OPTION)) {
            return external(args[1]);
        }
        if (args.length == 1 && args[0].equals(OPTION)) {
            throw new IllegalArgumentException(OPTION + " needs a value; " + USAGE);
        }
        throw new IllegalArgumentException("Unexpected arguments " + String.join(" ", args) + "; " + USAGE);
    }

    private static void checkHostPort(String hostPort, String whole) {
        int colon = hostPort.lastIndexOf(':');
        String problem = null;
        if (colon <= 0 || colon == hostPort.length() - 1) {
            problem = "expected HOST:PORT";
        } else {
            String port = hostPort.substring(colon + 1);
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    problem = "the port must be in 1..65535";
                }
            } catch (NumberFormatException e) {
                problem = "the port '" + port + "' is not a number";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("Bad " + OPTION + " '" + whole + "': '" + hostPort + "': " + problem);
        }
    }

    /** {@code host:port} list for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker's data directory (topic-partition directories of {@code .log} segments); empty for an external one. */
    public Optional<Path> dataDir() {
        return embedded == null ? Optional.empty() : Optional.of(embedded.dataDir());
    }

    /** Whether this is a broker started here, rather than one named on the command line. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** A line saying which broker this is, for a sample's first line of output. */
    public String describe() {
        return embedded == null
                ? "broker " + bootstrapServers
                : "embedded broker " + bootstrapServers + " (data in " + embedded.dataDir() + ")";
    }

    /** Stops an embedded broker and deletes its directory; nothing for an external one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A sample's body, run against a broker and printing to {@code out}. */
    @FunctionalInterface
    public interface Sample {
        void run(SampleBroker broker, PrintStream out) throws Exception;
    }

    /**
     * What every sample's {@code main} does: picks the broker from the arguments, runs the sample, stops an
     * embedded broker. A bad argument or a failure is one line on stderr and exit status 2 or 1.
     */
    static void main(String[] args, Sample sample) {
        SampleBroker broker;
        try {
            broker = fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (broker) {
            System.out.println("Using the " + broker.describe());
            sample.run(broker, System.out);
        } catch (Exception e) {
            // A failed send arrives wrapped by its future: the cause says what went wrong.
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("The sample failed: " + cause);
            System.exit(1);
        }
    }
}
