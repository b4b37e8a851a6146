package io.petrel.interop;

import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link FeaturesContract} against a real Apache Kafka 4.3.1: the run's second broker ({@link TunedRealKafka}),
 * not the shared one, since the contract lowers transaction.version and group.version for a while (and puts them
 * back after each test), which the classes on the shared broker must not see.
 */
@ExtendWith(TunedRealKafka.class)
class FeaturesOnRealKafkaTest extends FeaturesContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void useTunedBroker(RealKafkaBroker broker) {
        kafka = broker;
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
