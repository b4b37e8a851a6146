package io.petrel.interop;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** broker-stub as its own process: {@code petrel broker} in a child JVM on the test classpath, for crash tests. */
final class BrokerProcess {
    private BrokerProcess() {
    }

    /** Starts the broker on {@code port} and {@code dataDir} and waits until it serves; its output goes to {@code log}. */
    static ChildJvm start(Path workDir, int port, Path dataDir, Path config, Path log) {
        ChildJvm broker = ChildJvm.launch(workDir, log, List.of("-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.io.petrel=info"), "io.petrel.tools.Petrel",
                List.of("broker", "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                        "--config", config.toString()), () -> { });
        Await.until(Duration.ofSeconds(60), () -> "the broker process to listen on port " + port + "\n" + log(log),
                () -> {
                    if (!broker.isAlive()) {
                        fail("The broker process exited with " + broker.exitValue().orElseThrow() + "\n" + log(log));
                    }
                    return log(log).contains("listening on");
                });
        return broker;
    }

    /** What the broker process wrote so far, "" before it wrote anything. */
    static String log(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
