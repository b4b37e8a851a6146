package io.petrel.broker.campaign;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link CampaignBrokerMain} in a child JVM with a small heap that exits on OutOfMemoryError: the broker's log, its
 * port, whether it is alive, and the largest heap it reported.
 */
final class CampaignBroker implements AutoCloseable {
    private final ChildJvm jvm;
    private final Path log;
    private final int port;

    private CampaignBroker(ChildJvm jvm, Path log, int port) {
        this.jvm = jvm;
        this.log = log;
        this.port = port;
    }

    static CampaignBroker start(Path dir, String maxHeap, Duration idleTimeout, long queuedMaxRequestBytes)
            throws IOException {
        Path log = dir.resolve("broker.log");
        Path data = Files.createDirectories(dir.resolve("data"));
        ChildJvm jvm = ChildJvm.launch(dir, log, List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.io.petrel=info"),
                CampaignBrokerMain.class.getName(), List.of(data.toString(), Long.toString(idleTimeout.toMillis()),
                        Long.toString(queuedMaxRequestBytes)),
                () -> { });
        Await.until(Duration.ofSeconds(60), () -> "the campaign broker to start:\n" + jvm.logTail(30), () -> {
            if (!jvm.isAlive()) {
                fail("The campaign broker exited with " + jvm.exitValue().orElseThrow() + ":\n" + jvm.logTail(30));
            }
            return read(log).contains(CampaignBrokerMain.PORT_LINE);
        });
        String text = read(log);
        int at = text.indexOf(CampaignBrokerMain.PORT_LINE) + CampaignBrokerMain.PORT_LINE.length();
        int port = Integer.parseInt(text.substring(at, text.indexOf('\n', at)).trim());
        return new CampaignBroker(jvm, log, port);
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** The last 40 lines of the broker's log, heap samples left out. */
    String tail() {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The broker's log lines, heap samples left out. */
    List<String> logLines() {
        return read(log).lines().filter(l -> !l.startsWith(CampaignBrokerMain.HEAP_LINE)).toList();
    }

    /** The largest heap in use the broker reported, in bytes. */
    long maxHeapUsed() {
        return read(log).lines().filter(l -> l.startsWith(CampaignBrokerMain.HEAP_LINE))
                .mapToLong(l -> Long.parseLong(l.substring(CampaignBrokerMain.HEAP_LINE.length()).trim()))
                .max().orElse(0);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        jvm.kill();
    }
}
