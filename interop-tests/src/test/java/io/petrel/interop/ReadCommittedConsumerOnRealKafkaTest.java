package io.petrel.interop;

import io.petrel.consumer.ReadCommittedConsumerContract;
import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Petrel's consumer reading what kafka-clients' transactional producer wrote to a real Apache Kafka 4.3.1:
 * read_committed against read_uncommitted, the last stable offset, groupMetadata() for sendOffsetsToTransaction,
 * and offsets pending in a transaction waited for.
 */
@ExtendWith(RealKafkaExtension.class)
class ReadCommittedConsumerOnRealKafkaTest extends ReadCommittedConsumerContract {
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
