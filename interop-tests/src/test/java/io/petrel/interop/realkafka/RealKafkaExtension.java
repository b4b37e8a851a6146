package io.petrel.interop.realkafka;

import io.petrel.interop.security.SecuredBrokers;
import io.petrel.interop.security.SecuredBrokersExtension;
import io.petrel.interop.security.SharedKafkaFailureReport;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;


/**
 * A JUnit 5 extension that gives tests one real Apache Kafka broker ({@link RealKafkaBroker}) shared by every test
 * class of the run that uses the extension. A run is one test JVM's: this module runs its classes in two JVMs at
 * once (its pom's {@code interop.forkCount}), each with its own shared brokers.
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
 * <p>The broker starts before the first such class (a few seconds) and stops when the test JVM exits
 * ({@link io.petrel.interop.security.PerJvmResource}). It is the run's one real Kafka JVM, the security tests' too
 * ({@link io.petrel.interop.security.SecuredRealKafka}): {@link RealKafkaBroker#bootstrapServers()} is its
 * PLAINTEXT listener, as open as an unsecured broker's (its {@code User:ANONYMOUS} is a super user), and its
 * other listeners serve the secured modes. Tests share its state: use unique topic and group names
 * (for instance with the test's name or a random suffix) and do not change broker-wide configuration. A test
 * that must stop, kill or reconfigure a broker starts its own with {@link RealKafkaBroker#start(java.util.Map)}.
 *
 * <p>A {@link RealKafkaBroker} parameter resolves in test and lifecycle methods, including static
 * {@code @BeforeAll} ones. If the broker fails to start, every class using the extension fails with that error
 * without trying again. A failing test prints the broker's state ({@link SharedKafkaFailureReport}).
 */
public final class RealKafkaExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {
    private static final TestWatcher FAILURE_REPORT = new SharedKafkaFailureReport();
    /** How many brokers the extension has started in this JVM: 1 after any test using it, whatever the count of classes. */
    public static int startsInThisJvm() {
        return SecuredBrokers.apacheKafkaStartsInThisJvm();
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

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        FAILURE_REPORT.testFailed(context, cause);
    }

    /** The run's shared broker, started on first use: the secured Apache Kafka of {@link SecuredBrokersExtension}. */
    public static RealKafkaBroker broker(ExtensionContext context) {
        return SecuredBrokersExtension.shared(context).apacheKafka().broker();
    }
}
