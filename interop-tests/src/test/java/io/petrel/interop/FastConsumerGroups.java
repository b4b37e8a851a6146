package io.petrel.interop;

import io.petrel.broker.ConsumerGroupSettings;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.testsupport.RealKafkaBroker;

import java.time.Duration;
import java.util.Map;

/**
 * The brokers the consumer-protocol group tests run on: broker-stub and a real Apache Kafka 4.3.1 both with 500 ms
 * consumer-group heartbeats and 6 s sessions (group.consumer.*), so a death is noticed in seconds. The real broker is
 * one of its own per test class: these settings are broker-wide, and the shared one keeps Kafka's defaults.
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

    /** Starts a real Apache Kafka 4.3.1 with these settings; the caller closes it. */
    static RealKafkaBroker startRealKafka() {
        return RealKafkaBroker.start(Map.of(
                "group.consumer.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS),
                "group.consumer.min.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS),
                "group.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
                "group.consumer.min.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS)));
    }
}
