package io.petrel.interop.security;

import io.petrel.testsupport.ScratchDirectory;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The secured brokers of a test run, one of each {@link BrokerKind}, each started on first use (a real Kafka costs
 * seconds and ~400 MB: one per run, with every listener at once), and the certificates they share. Tests get the
 * run's instance through {@link SecuredBrokersExtension}; {@link #close} stops the brokers and deletes the
 * certificates.
 */
public final class SecuredBrokers implements AutoCloseable {
    private static final AtomicInteger APACHE_KAFKA_STARTS = new AtomicInteger();
    private final Path dir;
    private final TlsFiles tls;
    private final Map<BrokerKind, SecuredBroker> started = new EnumMap<>(BrokerKind.class);
    private final Map<BrokerKind, RuntimeException> failed = new EnumMap<>(BrokerKind.class);

    /** Brokers whose certificates are written under {@code dir}, which {@link #close} deletes. */
    SecuredBrokers(Path dir) {
        this.dir = dir;
        this.tls = TlsFiles.create(dir.resolve("tls"));
    }

    /** The broker of that kind, started on first use; a broker that failed to start fails every later call. */
    public synchronized SecuredBroker get(BrokerKind kind) {
        if (failed.containsKey(kind)) {
            throw new IllegalStateException("The secured " + kind + " did not start", failed.get(kind));
        }
        SecuredBroker broker = started.get(kind);
        if (broker == null) {
            try {
                broker = start(kind);
            } catch (RuntimeException e) {
                failed.put(kind, e);
                throw e;
            }
            started.put(kind, broker);
        }
        return broker;
    }

    /**
     * The run's real Apache Kafka, started on first use: the security tests' broker, and through its PLAINTEXT
     * listener the broker of every test on {@code RealKafkaExtension}, so a run starts one Kafka JVM, not two.
     */
    public SecuredRealKafka apacheKafka() {
        return (SecuredRealKafka) get(BrokerKind.APACHE_KAFKA);
    }

    /** The real Apache Kafka if it has started, without starting it. */
    public synchronized Optional<SecuredRealKafka> apacheKafkaIfStarted() {
        return Optional.ofNullable((SecuredRealKafka) started.get(BrokerKind.APACHE_KAFKA));
    }

    /** How many real Kafka brokers instances of this class started in this JVM. */
    public static int apacheKafkaStartsInThisJvm() {
        return APACHE_KAFKA_STARTS.get();
    }

    /** The certificates both brokers serve and trust. */
    public TlsFiles tls() {
        return tls;
    }

    private SecuredBroker start(BrokerKind kind) {
        return switch (kind) {
            case APACHE_KAFKA -> {
                SecuredRealKafka kafka = SecuredRealKafka.start(tls);
                APACHE_KAFKA_STARTS.incrementAndGet();
                yield kafka;
            }
            case BROKER_STUB -> SecuredBrokerStub.start(tls, dir.resolve("broker-stub"));
        };
    }

    @Override
    public synchronized void close() {
        for (SecuredBroker broker : started.values()) {
            if (broker instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("SecuredBrokers: could not stop " + broker.name() + ": " + e);
                }
            }
        }
        started.clear();
        ScratchDirectory.deleteTree(dir);
    }
}
