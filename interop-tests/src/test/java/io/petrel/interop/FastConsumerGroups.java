package io.petrel.interop;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.Map;

/**
 * The brokers the consumer-protocol group tests run on: broker-stub and a real Apache Kafka 4.3.1 both with 500 ms
 * consumer-group heartbeats and 6 s sessions (group.consumer.*), so a death is noticed in seconds. These settings are
 * broker-wide and the run's shared Kafka keeps Kafka's defaults, so the classes that need them share a second real
 * broker ({@link SharedRealKafka}), started once per test JVM: each Kafka start costs 10-20 s of CI time.
 */
final class FastConsumerGroups {
    static final int SESSION_TIMEOUT_MS = 6_000;
    static final int HEARTBEAT_INTERVAL_MS = 500;

    private FastConsumerGroups() {
    }

    /** broker-stub with these settings, for a {@code @RegisterExtension} field. */
    static PetrelBrokerExtension stub() {
        return PetrelBrokerExtension.configured(b -> b.consumerGroups(ConsumerGroupSettings.defaults()
                .withHeartbeatInterval(Duration.ofMillis(HEARTBEAT_INTERVAL_MS))
                .withSessionTimeout(Duration.ofMillis(SESSION_TIMEOUT_MS))));
    }

    /**
     * Resolves a {@link RealKafkaBroker} parameter to the run's one real Kafka with these settings, started on first
     * use and closed when the run ends (it lives in the root context's store). The classes using it share its state:
     * unique topic and group names, no broker-wide changes.
     */
    static final class SharedRealKafka implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedRealKafka.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RealKafkaBroker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(RealKafkaBroker.class, k -> startRealKafka(), RealKafkaBroker.class);
        }
    }

    private static RealKafkaBroker startRealKafka() {
        return RealKafkaBroker.start(Map.of(
                "group.consumer.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS),
                "group.consumer.min.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS),
                "group.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
                "group.consumer.min.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS)));
    }
}
