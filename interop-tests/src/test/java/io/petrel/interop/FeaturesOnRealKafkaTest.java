package io.petrel.interop;

import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link FeaturesContract} against a real Apache Kafka 4.3.1 of its own (one more JVM for this class): the contract
 * lowers transaction.version and group.version for a while, which the run's shared broker must not see.
 */
class FeaturesOnRealKafkaTest extends FeaturesContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = RealKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
