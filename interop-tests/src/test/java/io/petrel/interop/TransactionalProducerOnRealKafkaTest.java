package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.producer.TransactionalProducerContract;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Petrel's transactional producer against a real Apache Kafka 4.3.1, which finalizes transactions version 2:
 * commit, abort, fencing, offsets in a transaction and the state rules, read back by kafka-clients'
 * read_committed and read_uncommitted consumers.
 */
@ExtendWith(RealKafkaExtension.class)
class TransactionalProducerOnRealKafkaTest extends TransactionalProducerContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void useSharedBroker(RealKafkaBroker broker) {
        kafka = broker;
    }

    @Override
    protected String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    protected int transactionVersion() {
        return 2;
    }
}
