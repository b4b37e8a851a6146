package io.petrel.tools.internal.perf;

import picocli.CommandLine.Command;

/** {@code petrel perf}: the throughput and latency benchmarks, {@code produce} and {@code consume}. */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Measure producer or consumer throughput and latency "
                + "(like kafka-producer-perf-test and kafka-consumer-perf-test).",
        subcommands = {PerfProduceCommand.class, PerfConsumeCommand.class})
public final class PerfCommand {
}
