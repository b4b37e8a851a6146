package io.petrel.tools;

import io.petrel.tools.internal.BrokerCommand;
import io.petrel.tools.internal.ClassArchiveVerdict;
import io.petrel.tools.internal.ConfigsCommand;
import io.petrel.tools.internal.ConsumeCommand;
import io.petrel.tools.internal.DeleteRecordsCommand;
import io.petrel.tools.internal.DemoCommand;
import io.petrel.tools.internal.ErrorLine;
import io.petrel.tools.internal.GroupsCommand;
import io.petrel.tools.internal.TransactionsCommand;
import io.petrel.tools.internal.PlainBrokerArguments;
import io.petrel.tools.internal.ProduceCommand;
import io.petrel.tools.internal.ServiceProviderDefaults;
import io.petrel.tools.internal.TopicsCommand;
import io.petrel.tools.internal.VerboseOption;
import io.petrel.tools.internal.perf.PerfCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@code petrel} command line: one entry point whose subcommands are Petrel's tools. The
 * {@code ./petrel} script at the repository root builds this module on first use and runs it.
 *
 * <p>The client tools take Kafka's console tools as their model (kafka-topics, kafka-console-producer,
 * kafka-console-consumer, kafka-consumer-groups, kafka-producer-perf-test, kafka-consumer-perf-test), so
 * flags, output and habits carry over.
 *
 * <p>Exit status: 0 done, 1 the command failed, 2 the command line was wrong. A failure is one line on
 * stderr; {@code --verbose} or the environment variable {@code PETREL_DEBUG=1} adds its stack trace.
 */
@Command(name = "petrel", mixinStandardHelpOptions = true, version = "petrel 0.1.0-SNAPSHOT",
        description = "Petrel: Kafka-protocol clients and an embeddable broker.",
        subcommands = {BrokerCommand.class, TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class,
                GroupsCommand.class, TransactionsCommand.class, ConfigsCommand.class, DeleteRecordsCommand.class, PerfCommand.class, DemoCommand.class})
public final class Petrel {
    /** The subcommands that are clients: their library logging is silenced so stderr holds only their own lines. */
    private static final Set<String> CLIENT_COMMANDS = Set.of("topics", "produce", "consume", "groups", "transactions",
            "configs", "delete-records", "perf");
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String BROKER = "broker";

    private InputStream stdin = System.in;

    /**
     * Where a command reads its input (System.in, or what a test hands in); a subcommand reaches it through its
     * command line's root user object. No public method of this class names a picocli type: the JVM's launcher
     * looks up {@code main} among the public methods, which loads every type their signatures name, and a picocli
     * class (compiled for Java 5) cannot come from the launcher's CDS archive, so it was read from its jar, after
     * every jar before it on the class path was opened (34 of them, ~16 ms of {@code petrel broker}'s start).
     */
    public InputStream stdin() {
        return stdin;
    }

    public static void main(String[] args) {
        ServiceProviderDefaults.applyUnlessSet();
        quietLibraryLogging(args);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = run(System.in, out, err, args);
        out.flush();
        System.exit(status);
    }

    /** Runs the command line with the process's streams and returns its exit code. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(System.in, out, err, args);
    }

    /** Runs the command line with the given streams (tests) and returns its exit code. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        boolean broker = args.length > 0 && args[0].equals(BROKER);
        String[] commandArgs = broker ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        if (broker) {
            java.util.Optional<BrokerCommand> plain = PlainBrokerArguments.read(commandArgs);
            if (plain.isPresent()) {
                return runWithoutPicocli(plain.get(), out, err);
            }
        }
        Petrel root = new Petrel();
        root.stdin = in;
        CommandLine cli = broker ? brokerCommandLine() : new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(commandLine.getCommandSpec().qualifiedName(),
                e, commandLine.getParseResult().hasMatchedOption(VerboseOption.NAME), commandLine.getErr()));
        cli.setParameterExceptionHandler((e, arguments) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            PrintWriter to = e.getCommandLine().getErr();
            to.println(name + ": " + e.getMessage() + "; try '" + name + " --help'");
            to.flush();
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        try {
            int status = cli.execute(commandArgs);
            if (status == 0 && !helpRequested(cli)) {
                ClassArchiveVerdict.keep();
            }
            return status;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Whether the command line asked for usage or version (at any level): the command's job did not run. */
    private static boolean helpRequested(CommandLine cli) {
        for (CommandLine.ParseResult parsed = cli.getParseResult(); parsed != null; parsed = parsed.subcommand()) {
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code petrel broker} run as picocli would run it once parsed (its failures reported alike), for a command line
     * {@link PlainBrokerArguments} read: the usual broker start loads no picocli class.
     */
    private static int runWithoutPicocli(BrokerCommand command, PrintWriter out, PrintWriter err) {
        try {
            return command.call();
        } catch (Exception e) {
            return failed("petrel " + BROKER, e, false, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** A command's failure as one line on stderr (and its stack trace with --verbose or PETREL_DEBUG=1): exit code 1. */
    private static int failed(String command, Exception e, boolean verbose, PrintWriter to) {
        to.println(command + ": " + ErrorLine.of(e));
        if (verbose || "1".equals(System.getenv("PETREL_DEBUG"))) {
            e.printStackTrace(to);
        }
        to.flush();
        return 1;
    }

    /**
     * {@code petrel broker} parsed on its own, as the same {@code petrel broker} command (usage, errors and exit codes
     * alike): its start is timed from the launch to the first acknowledged record, and picocli building the model of
     * every client subcommand first (their options, by reflection) cost ~60 ms of the start's CPU for nothing.
     */
    private static CommandLine brokerCommandLine() {
        return new CommandLine(new BrokerCommand()).setCommandName("petrel " + BROKER);
    }

    /**
     * Client commands print their own one-line errors, so the clients' warnings (a refused connection, a
     * retried fetch) would only repeat them; they are shown with --verbose. The broker keeps its log.
     */
    private static void quietLibraryLogging(String[] args) {
        if (System.getProperty(LOG_LEVEL_PROPERTY) != null) {
            return;
        }
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose") || "1".equals(System.getenv("PETREL_DEBUG"));
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                if (CLIENT_COMMANDS.contains(arg)) {
                    System.setProperty(LOG_LEVEL_PROPERTY, verbose ? "info" : "off");
                }
                return;
            }
        }
    }
}
