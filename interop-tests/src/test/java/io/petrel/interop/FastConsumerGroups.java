package io.petrel.interop;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.PetrelBrokerExtension;

import java.time.Duration;

/**
 * The brokers the consumer-protocol group tests run on: broker-stub and a real Apache Kafka 4.3.1 both with 500 ms
 * consumer-group heartbeats and 6 s sessions (group.consumer.*), so a death is noticed in seconds. These settings are
 * broker-wide and the run's shared Kafka keeps Kafka's defaults, so on Kafka they are among the settings of the
 * run's second real broker ({@link TunedRealKafka}), started once per test JVM.
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
}
