package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Petrel's consume-transform-produce, exactly once, on a real Apache Kafka 4.3.1 (transactions version 2). */
@ExtendWith(RealKafkaExtension.class)
class ConsumeTransformProduceOnRealKafkaTest extends ConsumeTransformProduceContract {
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
