package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exactly once through copier crashes, on a real Apache Kafka 4.3.1. */
@ExtendWith(RealKafkaExtension.class)
class ExactlyOnceUnderCrashesOnRealKafkaTest extends ExactlyOnceUnderCrashesContract {
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
