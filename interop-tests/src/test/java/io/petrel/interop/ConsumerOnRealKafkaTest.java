package io.petrel.interop;

import io.petrel.consumer.ConsumerContract;
import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Petrel's consumer against a real Apache Kafka 4.3.1 broker: the same contract it meets on broker-stub
 * (records of every codec written by kafka-clients read back once each and in order, committed offsets across
 * restarts, seeks, pause, wakeup, offset reset, failing deserializers, patterns). The volume test reads 100,000
 * records in every build and a million with {@code -Pcampaigns} ({@link ConsumerContract#recordsPerCodec}).
 */
@ExtendWith(RealKafkaExtension.class)
class ConsumerOnRealKafkaTest extends ConsumerContract {
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
