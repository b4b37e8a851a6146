package io.petrel.tools.internal;

import picocli.CommandLine.Option;

/** {@code --verbose}: a failure prints its stack trace after its one line. Read by the root command's error handler. */
public final class VerboseOption {
    public static final String NAME = "--verbose";

    @Option(names = NAME, description = "On failure, print the stack trace as well (also: PETREL_DEBUG=1).")
    boolean verbose;
}
