package io.petrel.broker;

import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and stopping a broker: what it leaves behind, and what it releases when it cannot start. */
class BrokerLifecycleTest {

    @Test
    void aBrokerWithoutADataDirDeletesItsTemporaryDirectoryOnClose() throws IOException {
        Path dir;
        try (Broker broker = Broker.start()) {
            dir = broker.dataDir();
            assertTrue(Files.isDirectory(dir), "the temporary data directory exists while the broker runs");
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), dir.getParent().toAbsolutePath());
            assertTrue(dir.getFileName().toString().startsWith("petrel-broker-"), dir.toString());
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
                        "only its owner can read the broker's log");
            }
            assertTrue(broker.clusterId().matches("[A-Za-z0-9_-]{22}"),
                    "Kafka's cluster id form, 16 bytes in URL-safe base64: " + broker.clusterId());
            try (Broker other = Broker.start(BrokerConfig.builder().jmx(false).build())) {
                assertNotEquals(dir, other.dataDir(), "each broker gets a directory of its own");
                assertNotEquals(broker.clusterId(), other.clusterId(), "and a cluster id of its own");
            }
            assertServes(broker);
            try (RawClient client = RawClient.connect(broker.port())) {
                client.createTopicOrFail("leaves-files", 2);
            }
        }
        assertFalse(Files.exists(dir), "the temporary data directory is deleted on close: " + dir);
    }

    @Test
    void aClusterIdGivenOnceIsStoredAndReadBackWhateverItsCharacters(@TempDir Path dir) {
        String given = " odd = id: caf\u00e9 #1\\";
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dir).clusterId(given).jmx(false).build())) {
            assertEquals(given, broker.clusterId());
        }
        try (Broker again = Broker.start(BrokerConfig.builder().dataDir(dir).jmx(false).build())) {
            assertEquals(given, again.clusterId(), "read back from meta.properties");
        }
        java.io.UncheckedIOException mismatch = assertThrows(java.io.UncheckedIOException.class, () -> Broker.start(
                BrokerConfig.builder().dataDir(dir).clusterId("other").jmx(false).build()).close());
        assertTrue(String.valueOf(mismatch.getMessage()).contains("other"), mismatch.getMessage());
    }

    @Test
    void aConfiguredDataDirIsKeptAndARestartedBrokerIsTheSameCluster(@TempDir Path dir) throws IOException {
        String clusterId;
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dir).build())) {
            clusterId = broker.clusterId();
            try (RawClient client = RawClient.connect(broker.port())) {
                client.createTopicOrFail("kept", 1);
            }
        }
        assertTrue(Files.isDirectory(dir));
        try (Broker again = Broker.start(BrokerConfig.builder().dataDir(dir).build());
             RawClient client = RawClient.connect(again.port())) {
            assertEquals(clusterId, again.clusterId());
            assertEquals(0L, client.logEndOffset("kept", 0), "the topic is still there");
        }
    }

    @Test
    void closingTwiceIsHarmlessAndTheFirstCloseReleasesEverything(@TempDir Path dir) throws IOException {
        Set<String> threadsBefore = petrelThreads();
        Broker broker = Broker.start(BrokerConfig.builder().dataDir(dir).build());
        int port = broker.port();
        assertServes(broker);

        broker.close();
        assertDoesNotThrow(broker::close, "a second close returns normally");

        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new AssertionError("The closed broker still holds port " + port, e);
        }
        assertEquals(Set.of(), newThreadsSince(threadsBefore), "a closed broker leaves no threads running");
        try (Broker next = Broker.start(BrokerConfig.builder().port(port).dataDir(dir).build())) {
            assertEquals(port, next.port(), "the port and the data directory are free for the next broker");
            assertServes(next);
        }
    }

    @Test
    void aSecondBrokerOnTheSameDataDirFailsWithAClearMessage(@TempDir Path dir) {
        try (Broker first = Broker.start(BrokerConfig.builder().dataDir(dir).build())) {
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> Broker.start(BrokerConfig.builder().dataDir(dir).build()).close());
            assertTrue(refused.getMessage().contains(dir.toAbsolutePath().toString())
                            && refused.getMessage().contains("in use"),
                    "the message names the directory and says it is in use: " + refused.getMessage());
            assertServes(first);
        }
        // Once the first is gone the directory is free again.
        try (Broker second = Broker.start(BrokerConfig.builder().dataDir(dir).build())) {
            assertServes(second);
        }
    }

    @Test
    void aPortInUseFailsWithAClearMessageAndLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Set<String> threadsBefore = petrelThreads();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> Broker.start(BrokerConfig.builder().port(port).dataDir(dir).build()).close());
            assertTrue(refused.getMessage().contains(String.valueOf(port)) && refused.getMessage().contains("in use"),
                    "the message names the port and says it is in use: " + refused.getMessage());
        }
        assertEquals(Set.of(), newThreadsSince(threadsBefore), "a broker that failed to start leaves no threads running");
        // The data directory lock was released: a broker can take the directory now.
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dir).build())) {
            assertServes(broker);
        }
    }

    @Test
    void aBrokerThatFailsHalfWayThroughStartUpReleasesItsPortAndItsDataDir(@TempDir Path dir) throws IOException {
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dir).build());
             RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail("will-be-unreadable", 1);
        }
        Path topicsFile;
        try (var files = Files.list(dir)) {
            topicsFile = files.filter(f -> {
                try {
                    return Files.isRegularFile(f) && Files.readString(f).contains("will-be-unreadable");
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("No file in " + dir + " lists the topic"));
        }
        String good = Files.readString(topicsFile);
        Files.writeString(topicsFile, "this is not a topic list\n");

        int port = FreePorts.one();
        Set<String> threadsBefore = petrelThreads();
        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> Broker.start(BrokerConfig.builder().port(port).dataDir(dir).build()).close());
        assertTrue(failed.getMessage().contains(topicsFile.getFileName().toString()),
                "the message says which file could not be read: " + failed.getMessage());

        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new AssertionError("The failed broker still holds port " + port, e);
        }
        assertEquals(Set.of(), newThreadsSince(threadsBefore), "a broker that failed to start leaves no threads running");

        Files.writeString(topicsFile, good);
        try (Broker repaired = Broker.start(BrokerConfig.builder().port(port).dataDir(dir).build());
             RawClient client = RawClient.connect(repaired.port())) {
            assertEquals(port, repaired.port());
            assertEquals(0L, client.logEndOffset("will-be-unreadable", 0));
        }
    }

    @Test
    void theBrokerAdvertisesWhatItWasToldAndListensWhereItWasBound() {
        try (Broker broker = Broker.start(BrokerConfig.builder().advertisedHost("kafka.example").advertisedPort(19092).build())) {
            assertEquals("kafka.example:19092", broker.bootstrapServers());
            assertTrue(broker.port() > 0 && broker.port() != 19092);
            assertServes(broker);
        }
    }

    @Test
    void aBrokerRefusesConnectionsAfterClose() throws IOException {
        Broker broker = Broker.start();
        int port = broker.port();
        RawClient connected = RawClient.connect(port);
        broker.close();
        assertTrue(connected.awaitClosed(Duration.ofSeconds(10)), "open connections are closed with the broker");
        connected.close();
        assertThrows(RuntimeException.class, () -> RawClient.connect(port).close());
    }

    static void assertServes(Broker broker) {
        try (RawClient client = RawClient.connect(broker.port())) {
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
        } catch (IOException e) {
            throw new AssertionError("Broker on port " + broker.port() + " did not answer ApiVersions", e);
        }
    }

    /** Threads a broker starts: its network event loops and its scheduler. */
    static Set<String> petrelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(BrokerLifecycleTest::isBrokerThread)
                .collect(Collectors.toSet());
    }

    /**
     * Broker threads alive now that were not before, after giving each up to 5 s to finish: an event loop
     * reports itself terminated a moment before its thread ends.
     */
    static Set<String> newThreadsSince(Set<String> before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isBrokerThread(t.getName()) && !before.contains(t.getName())) {
                try {
                    t.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted waiting for " + t.getName(), e);
                }
            }
        }
        Set<String> now = petrelThreads();
        now.removeAll(before);
        return now;
    }

    private static boolean isBrokerThread(String name) {
        return name.startsWith("petrel-") || name.startsWith("multiThreadIoEventLoopGroup");
    }
}
