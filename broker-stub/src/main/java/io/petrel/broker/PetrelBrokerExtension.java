package io.petrel.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.UnaryOperator;

/**
 * A JUnit 5 extension that starts one broker for a test class and hands it to tests as a parameter.
 *
 * <pre>{@code
 * @ExtendWith(PetrelBrokerExtension.class)
 * class OrderServiceTest {
 *     @Test
 *     void sendsOrders(Broker broker) {
 *         String bootstrap = broker.bootstrapServers();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>To configure the broker, register an instance instead:
 * {@code @RegisterExtension static PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(3));}
 * and use {@code kafka.broker()}. The broker starts before the first test of the class and stops after
 * the last; faults injected by one test are cleared before the next.
 */
public final class PetrelBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        org.junit.jupiter.api.extension.AfterEachCallback {
    private final UnaryOperator<BrokerConfig.Builder> configure;
    private Broker broker;

    /** A broker with every default: an ephemeral port and a temporary data directory. */
    public PetrelBrokerExtension() {
        this(UnaryOperator.identity());
    }

    private PetrelBrokerExtension(UnaryOperator<BrokerConfig.Builder> configure) {
        this.configure = configure;
    }

    /** A broker configured by {@code configure}, applied to the default builder. */
    public static PetrelBrokerExtension configured(UnaryOperator<BrokerConfig.Builder> configure) {
        return new PetrelBrokerExtension(configure);
    }

    /** The running broker; only valid while the test class runs. */
    public Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs only while its test class runs");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = Broker.start(configure.apply(BrokerConfig.builder()).build());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (broker != null) {
            broker.faults().clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }
}
