package io.petrel.tools.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code petrel broker}'s command line read without picocli, for the lines a broker is usually started with: each
 * option once, as {@code --name value} (or the {@code --no-jmx} flag), with ports in plain decimal digits.
 *
 * <p>Why: {@code ./petrel broker} is timed from its launch to the first acknowledged record, and picocli is ~170
 * classes read and verified from its jar on every run (compiled for Java 5, so the class-data-sharing archive cannot
 * hold them). Anything else ({@code --help}, {@code --version}, {@code --port=1}, an unknown or repeated option, a
 * missing or odd value) is not read here: picocli reads it, so usage, errors and exit codes stay picocli's, and the
 * options' names and defaults are {@link BrokerCommand}'s own.
 */
public final class PlainBrokerArguments {
    private PlainBrokerArguments() {
    }

    /** The command these arguments (after {@code broker}) ask for, or empty when picocli must read them. */
    public static Optional<BrokerCommand> read(String[] args) {
        BrokerCommand command = new BrokerCommand();
        command.port = Integer.parseInt(BrokerCommand.DEFAULT_PORT);
        command.host = BrokerCommand.DEFAULT_HOST;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!seen.add(name)) {
                return Optional.empty();
            }
            if (name.equals("--no-jmx")) {
                command.noJmx = true;
                continue;
            }
            if (i + 1 == args.length || args[i + 1].startsWith("-") || !set(command, name, args[i + 1])) {
                return Optional.empty();
            }
            i++;
        }
        return Optional.of(command);
    }

    private static boolean set(BrokerCommand command, String name, String value) {
        switch (name) {
            case "--port" -> {
                if (!isSmallDecimal(value)) {
                    return false;
                }
                command.port = Integer.parseInt(value);
            }
            case "--advertised-port" -> {
                if (!isSmallDecimal(value)) {
                    return false;
                }
                command.advertisedPort = Integer.parseInt(value);
            }
            case "--host" -> command.host = value;
            case "--advertised-host" -> command.advertisedHost = value;
            case "--data-dir" -> {
                if (!isPath(value)) {
                    return false;
                }
                command.dataDir = Path.of(value);
            }
            case "--config" -> {
                if (!isPath(value)) {
                    return false;
                }
                command.configFile = Path.of(value);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean isPath(String value) {
        try {
            Path.of(value);
            return true;
        } catch (InvalidPathException e) {
            return false; // picocli reads it and words the error
        }
    }

    /**
     * One to nine ASCII digits without a leading zero (which some converters read as octal): read alike by any int
     * converter, and never out of range.
     */
    private static boolean isSmallDecimal(String value) {
        if (value.isEmpty() || value.length() > 9 || value.length() > 1 && value.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
