package io.petrel.interop.realkafka;

import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JUnit 5 extension that gives tests one real Apache Kafka broker ({@link RealKafkaBroker}) shared by every test
 * class of the run that uses the extension.
 *
 * <pre>{@code
 * @ExtendWith(RealKafkaExtension.class)
 * class SomethingAgainstKafkaTest {
 *     @Test
 *     void works(RealKafkaBroker kafka) {
 *         String bootstrap = kafka.bootstrapServers();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The broker starts before the first such class (a few seconds) and stops when the whole run ends: it
 * lives in the root {@link ExtensionContext}'s store, which closes it as an {@link AutoCloseable} (JUnit 5.13+;
 * {@code Store.CloseableResource} is deprecated). Tests share its state: use unique topic and group names
 * (for instance with the test's name or a random suffix) and do not change broker-wide configuration. A test
 * that must stop, kill or reconfigure a broker starts its own with {@link RealKafkaBroker#start(java.util.Map)}.
 *
 * <p>A {@link RealKafkaBroker} parameter resolves in test and lifecycle methods, including static
 * {@code @BeforeAll} ones. If the broker fails to start, every class using the extension fails with that error
 * without trying again.
 */
public final class RealKafkaExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealKafkaExtension.class);
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** How many brokers the extension has started in this JVM: 1 after any test using it, whatever the count of classes. */
    public static int startsInThisJvm() {
        return STARTS.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** The run's shared broker, started on first use. */
    public static RealKafkaBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class)
                .broker();
    }

    /** The broker, or why it could not start; the root store closes it at the end of the run. */
    private static final class Shared implements AutoCloseable {
        private final RealKafkaBroker broker;
        private final RuntimeException failure;

        Shared() {
            RealKafkaBroker started = null;
            RuntimeException failed = null;
            try {
                started = RealKafkaBroker.start();
                STARTS.incrementAndGet();
            } catch (RuntimeException e) {
                failed = e;
            }
            this.broker = started;
            this.failure = failed;
        }

        RealKafkaBroker broker() {
            if (failure != null) {
                throw new IllegalStateException("The shared Kafka broker did not start", failure);
            }
            return broker;
        }

        @Override
        public void close() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
