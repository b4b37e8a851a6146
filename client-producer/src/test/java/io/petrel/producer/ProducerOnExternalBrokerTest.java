package io.petrel.producer;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The producer contract against any running cluster, e.g. a real Apache Kafka:
 * {@code mvn -pl client-producer test -Dtest=ProducerOnExternalBrokerTest -Dpetrel.bootstrap=localhost:9092}.
 * Skipped unless {@code petrel.bootstrap} is set.
 */
@EnabledIfSystemProperty(named = "petrel.bootstrap", matches = ".+")
class ProducerOnExternalBrokerTest extends ProducerContract {
    @Override
    protected String bootstrapServers() {
        return System.getProperty("petrel.bootstrap");
    }
}
