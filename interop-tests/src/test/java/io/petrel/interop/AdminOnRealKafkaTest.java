package io.petrel.interop;

import io.petrel.admin.AdminContract;
import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Petrel's Admin client against a real Apache Kafka 4.3.1 broker: the same contract it meets on broker-stub,
 * with every call (DeleteRecords, DeleteGroups, OffsetDelete and IncrementalAlterConfigs included) run.
 */
@ExtendWith(RealKafkaExtension.class)
class AdminOnRealKafkaTest extends AdminContract {
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
