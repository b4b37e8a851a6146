package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.producer.ProducerContract;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Petrel's producer against a real Apache Kafka 4.3.1 broker: the same contract it meets on broker-stub
 * (send modes, every codec, acks, headers and nulls read back by kafka-clients, key placement as
 * kafka-clients places keys).
 */
@ExtendWith(RealKafkaExtension.class)
class ProducerOnRealKafkaTest extends ProducerContract {
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
