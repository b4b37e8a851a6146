package io.petrel.interop.security;

import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * When a test on the run's shared real Kafka fails, prints what the broker was doing: whether it is alive, the tail
 * of its log and a thread dump ({@code jcmd Thread.print}). A test that waited minutes for the broker (a producer
 * whose batches expired unanswered) leaves nothing else behind: the broker is shared by the JVM's later classes and
 * deleted when the JVM exits, so its state at the failure is only known if it is read then. Registered by the
 * extensions that hand the shared broker out; it never starts the broker, and a failing report never hides the
 * test's own failure.
 */
public final class SharedKafkaFailureReport implements TestWatcher {
    private static final int LOG_LINES = 150;
    private static final long DUMP_TIMEOUT_SECONDS = 20;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SecuredBrokersExtension.sharedIfMade()
                .flatMap(SecuredBrokers::apacheKafkaIfStarted)
                .ifPresent(kafka -> print(context.getDisplayName(), kafka.broker()));
    }

    private static void print(String test, RealKafkaBroker kafka) {
        StringBuilder report = new StringBuilder()
                .append("=== ").append(test).append(" failed; the shared Apache Kafka ").append(kafka)
                .append(kafka.isAlive() ? " is alive" : " has exited")
                .append(", RSS ").append(kafka.residentSetKiB().map(k -> k + " KiB").orElse("unknown"))
                .append("\n--- the last ").append(LOG_LINES).append(" lines of ").append(kafka.logFile()).append('\n')
                .append(kafka.logTail(LOG_LINES));
        if (kafka.isAlive()) {
            report.append("\n--- its threads\n").append(threadDump(kafka.pid()));
        }
        System.out.println(report.append("\n=== end of the shared Apache Kafka's report"));
    }

    private static String threadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Path out = Files.createTempFile("petrel-kafka-threads-", ".txt");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                    return "(jcmd gave no thread dump within " + DUMP_TIMEOUT_SECONDS + " s)";
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(thread dump interrupted)";
        }
    }
}
