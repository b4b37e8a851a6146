package io.petrel.tools.internal.perf;

import io.petrel.tools.internal.CommandConfig;
import io.petrel.tools.internal.VerboseOption;
import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The options both benchmarks take. */
public final class PerfOptions {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "The broker(s) to connect to, comma-separated host:port pairs.")
    String bootstrapServer;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--records", paramLabel = "N", description = "How many records (required).")
    Long records;

    /** kafka-producer-perf-test's name for --records, accepted so its command lines carry over. */
    @Option(names = "--num-records", hidden = true, paramLabel = "N")
    void numRecords(long n) {
        records = n;
    }

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "Any client setting (e.g. linger.ms=5, compression.type=lz4); repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = {"--command-config", "--producer.config", "--consumer.config"}, paramLabel = "FILE",
            description = "Client settings with Kafka's keys, e.g. a secured cluster's client.properties "
                    + "(security.protocol, ssl.*, sasl.*); the client takes the keys it knows.")
    Path commandConfig;

    @Option(names = "--command-property", paramLabel = "KEY=VALUE",
            description = "A client setting over --command-config; repeatable.")
    Map<String, String> commandProperties = new LinkedHashMap<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    VerboseOption verbose;

    @Option(names = {"--print-interval-ms", "--reporting-interval"}, paramLabel = "MS", defaultValue = "5000",
            description = "How often to print progress (default: ${DEFAULT-VALUE}).")
    long printIntervalMs;

    private CommandConfig config;

    /** The --command-config and --command-property settings a client that knows {@code keys} takes. */
    Map<String, String> settingsFor(Set<String> keys) {
        if (config == null) {
            config = CommandConfig.forCommand(commandConfig, commandProperties, command);
        }
        return config.forClient(keys);
    }

    /** The admin connection that checks the topic, with the settings it knows from every source. */
    ClusterAdmin admin() {
        // As ConnectionOptions.admin(Map): the admin connects the way the benchmark's client will.
        Map<String, String> settings = new LinkedHashMap<>(settingsFor(CommandConfig.ADMIN_KEYS));
        settings.putAll(CommandConfig.select(properties, CommandConfig.ADMIN_KEYS));
        return ClusterAdmin.connect(bootstrapServer, settings);
    }

    /** Rejects, naming the option, a missing or non-positive --records and a non-positive --print-interval-ms. */
    void validate(CommandLine commandLine) {
        if (records == null) {
            throw new ParameterException(commandLine, "Missing required option: '--records=N'");
        }
        if (records < 1) {
            throw new ParameterException(commandLine, "Invalid --records " + records + ": expected at least 1");
        }
        if (printIntervalMs < 1) {
            throw new ParameterException(commandLine, "Invalid --print-interval-ms " + printIntervalMs
                    + ": expected at least 1");
        }
    }
}
