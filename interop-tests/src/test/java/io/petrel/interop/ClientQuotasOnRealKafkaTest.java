package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ClientQuotasContract} against a real Apache Kafka 4.3.1, the run's shared broker. */
@ExtendWith(RealKafkaExtension.class)
class ClientQuotasOnRealKafkaTest extends ClientQuotasContract {
    private static String bootstrap;

    @BeforeAll
    static void broker(RealKafkaBroker kafka) {
        bootstrap = kafka.bootstrapServers();
    }

    @Override
    String bootstrapServers() {
        return bootstrap;
    }
}
