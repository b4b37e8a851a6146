package io.petrel.tools.internal.perf;

import io.petrel.tools.internal.VerboseOption;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.LinkedHashMap;
import java.util.Map;

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

    @Mixin
    VerboseOption verbose;

    @Option(names = {"--print-interval-ms", "--reporting-interval"}, paramLabel = "MS", defaultValue = "5000",
            description = "How often to print progress (default: ${DEFAULT-VALUE}).")
    long printIntervalMs;

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
