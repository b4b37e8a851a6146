package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One producer in a JVM of its own, for the scale part's producers-in-separate-JVMs curve ({@link ProducerScale}
 * launches several): warms up on a topic of its own, opens the measured producer, prints {@value #READY} once
 * its metadata is in, waits for the go file to appear (so all of them start sending together), sends, and
 * prints {@value #RESULT} with the wall-clock microseconds of its first send and last acknowledgement (the JVMs
 * share the machine's clock, not a nanoTime origin), its error count and its first error.
 *
 * <p>Arguments: client name, bootstrap servers, topic, warm-up topic, records, record size, go file.
 */
public final class ProducerChildMain {
    static final String READY = "READY";
    static final String RESULT = "RESULT";

    private ProducerChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: ProducerChildMain <client> <bootstrap> <topic> <warm-up topic> <records>"
                    + " <record size> <go file>");
            System.exit(2);
        }
        Client client = args[0].equals(ProducerClients.PETREL.name()) ? ProducerClients.PETREL : ProducerClients.KAFKA;
        String bootstrap = args[1];
        int records = Integer.parseInt(args[4]);
        int size = Integer.parseInt(args[5]);
        Path go = Path.of(args[6]);
        Payloads payloads = new Payloads(size, ProcessHandle.current().pid());
        var settings = ProducerMatrix.settings(bootstrap, new SuiteResults.ProducerCell(size, "1", "none"));
        client.run(args[3], settings, payloads, records, new RunMeasurement(records, () -> 0, RunMeasurement.Hooks.NONE));
        long[] window = new long[2];
        RunMeasurement m = new RunMeasurement(records, () -> 0, new RunMeasurement.Hooks() {
            @Override
            public void beforeStart() {
                System.out.println(READY);
                System.out.flush();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (!Files.exists(go)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No go file " + go + " within 5 minutes");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                window[0] = epochMicros();
            }

            @Override
            public void afterEnd() {
                window[1] = epochMicros();
            }
        });
        client.run(args[2], settings, payloads, records, m);
        RunResult r = m.result("child", "none", 0, client.name(), 0, size, records);
        String first = r.firstError() == null ? "-" : r.firstError().replace('\n', ' ');
        System.out.println(RESULT + " " + window[0] + " " + window[1] + " " + r.errors() + " " + first);
        System.out.flush();
        System.exit(0);
    }

    private static long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
