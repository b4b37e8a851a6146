/**
 * The {@code petrel} command line. {@link io.petrel.tools.Petrel} is its one entry point (run by the
 * {@code ./petrel} script): a picocli root command whose subcommands, in {@code io.petrel.tools.internal}, are
 * {@code broker}, {@code topics}, {@code produce}, {@code consume}, {@code groups}, {@code perf} and {@code demo}.
 * Flags, output and exit codes follow Kafka's console tools, so scripts carry over: 0 done, 1 the command failed,
 * 2 a bad command line, a failure being one line on stderr.
 */
package io.petrel.tools;
