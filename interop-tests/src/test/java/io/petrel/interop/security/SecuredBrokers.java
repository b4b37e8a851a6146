package io.petrel.interop.security;

import io.petrel.testsupport.ScratchDirectory;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The secured brokers of a test run, one of each {@link BrokerKind}, each started on first use (a real Kafka costs
 * seconds and ~400 MB: one per run, with every listener at once), and the certificates they share. Tests get the
 * run's instance through {@link SecuredBrokersExtension}; {@link #close} stops the brokers and deletes the
 * certificates.
 */
public final class SecuredBrokers implements AutoCloseable {
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

    /** The certificates both brokers serve and trust. */
    public TlsFiles tls() {
        return tls;
    }

    private SecuredBroker start(BrokerKind kind) {
        return switch (kind) {
            case APACHE_KAFKA -> SecuredRealKafka.start(tls);
            case BROKER_STUB -> throw new UnsupportedOperationException("broker-stub's secured listeners: not yet");
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
