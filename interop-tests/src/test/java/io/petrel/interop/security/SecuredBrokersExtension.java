package io.petrel.interop.security;

import io.petrel.testsupport.ScratchDirectory;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.Optional;

/**
 * A JUnit 5 extension giving tests the run's {@link SecuredBrokers}, shared by every test class that uses it: a
 * {@code SecuredBrokers} parameter resolves in test and lifecycle methods (static {@code @BeforeAll} too). It lives
 * as long as the test JVM ({@link PerJvmResource}), which runs several classes.
 *
 * <pre>{@code
 * @ExtendWith(SecuredBrokersExtension.class)
 * class SomethingSecuredTest {
 *     @Test
 *     void works(SecuredBrokers brokers) {
 *         SecuredBroker kafka = brokers.get(BrokerKind.APACHE_KAFKA);
 *         Map<String, String> config = kafka.clientConfig(SecurityMode.SASL_SSL_PLAIN, User.ADMIN);
 *     }
 * }
 * }</pre>
 *
 * A failing test prints the real Kafka's state ({@link SharedKafkaFailureReport}).
 * Tests share the brokers' state: unique topic and group names, and ACLs only on resource names the test owns.
 */
public final class SecuredBrokersExtension implements ParameterResolver, TestWatcher {
    private static final TestWatcher FAILURE_REPORT = new SharedKafkaFailureReport();
    private static final String DIR_PREFIX = "petrel-secured-";
    private static final PerJvmResource<SecuredBrokers> SHARED = new PerJvmResource<>("the secured brokers", () -> {
        ScratchDirectory.deleteAbandoned(DIR_PREFIX);
        return new SecuredBrokers(ScratchDirectory.create(DIR_PREFIX));
    });

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SecuredBrokers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The run's shared brokers: this test JVM's, closed when it exits. */
    public static SecuredBrokers shared(ExtensionContext context) {
        return SHARED.get();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        FAILURE_REPORT.testFailed(context, cause);
    }

    /** The run's shared brokers if a test has used them, without making them. */
    static Optional<SecuredBrokers> sharedIfMade() {
        return SHARED.ifMade();
    }
}
