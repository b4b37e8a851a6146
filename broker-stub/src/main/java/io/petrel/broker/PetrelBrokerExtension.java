package io.petrel.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
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
 * and use {@code kafka.broker()}; a secured one is
 * {@code PetrelBrokerExtension.configured(b -> b.secured(SaslMechanism.SCRAM_SHA_512).user("alice", "alice-secret"))},
 * its client settings {@code kafka.broker().clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, "alice", "alice-secret")}. The broker starts before the first test of the class (before its
 * {@code @BeforeAll} methods, which may take it as a parameter too) and stops after the last; {@code @Nested}
 * classes share it. Faults injected by one test are cleared before the next. Registered on a non-static
 * field, the extension starts a broker for each test instead. Where several are registered (a nested class
 * configuring its own), a {@code Broker} parameter gets the innermost one's broker.
 */
public final class PetrelBrokerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PetrelBrokerExtension.class);
    private static final String NEAREST = "nearest";

    private final UnaryOperator<BrokerConfig.Builder> configure;
    private volatile Broker broker;
    /** The unique id of the context that started the broker, which alone stops it. */
    private String owner;

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
        Broker running = broker;
        if (running == null) {
            throw new IllegalStateException("The broker runs only while its test class runs");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfNone(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfNone(context);
    }

    private synchronized void startIfNone(ExtensionContext context) {
        if (broker == null) {
            broker = Broker.start(configure.apply(BrokerConfig.builder()).build());
            owner = context.getUniqueId();
        }
        // The nearest extension is the one whose broker a parameter gets: one registered by a nested class
        // or a test instance comes later than the enclosing class's and overrides it here.
        context.getStore(NAMESPACE).put(NEAREST, this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Broker running = broker;
        if (running != null) {
            running.faults().clear();
        }
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    private synchronized void stopIfOwner(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(owner)) {
            try {
                broker.close();
            } finally {
                broker = null;
                owner = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Broker.class
                && context.getStore(NAMESPACE).get(NEAREST) == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }
}
