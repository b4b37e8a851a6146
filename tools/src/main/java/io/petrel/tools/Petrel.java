package io.petrel.tools;

import io.petrel.tools.internal.BrokerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code petrel} command line: one entry point whose subcommands are Petrel's tools. The
 * {@code ./petrel} script at the repository root builds this module on first use and runs it.
 *
 * <p>An error is one line on stderr and a non-zero exit; {@code --verbose} (where offered) adds the stack trace.
 */
@Command(name = "petrel", mixinStandardHelpOptions = true, version = "petrel 0.1.0-SNAPSHOT",
        description = "Petrel: Kafka-protocol clients and an embeddable broker.",
        subcommands = {BrokerCommand.class})
public final class Petrel {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, for tests. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Petrel());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("petrel " + commandLine.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
