package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.opentelemetry.PetrelTracingContract;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trace context through record headers against a real Apache Kafka 4.3.1 broker: a Petrel sender's publish span
 * continued by a Petrel consumer's process span, and a kafka-clients sender's traceparent likewise.
 */
@ExtendWith(RealKafkaExtension.class)
class TracingOnRealKafkaTest extends PetrelTracingContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void useSharedBroker(RealKafkaBroker broker) {
        kafka = broker;
    }

    @Override
    protected String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
