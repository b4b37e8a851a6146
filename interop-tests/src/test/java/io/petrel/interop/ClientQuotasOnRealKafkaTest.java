package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.interop.security.SecuredRealKafka;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link ClientQuotasContract} against a real Apache Kafka 4.3.1, the run's shared broker. */
@ExtendWith(RealKafkaExtension.class)
class ClientQuotasOnRealKafkaTest extends ClientQuotasContract {
    private static String bootstrap;

    @BeforeAll
    static void broker(RealKafkaBroker kafka) {
        assertEquals(QUOTA_WINDOW_SAMPLES, SecuredRealKafka.QUOTA_WINDOW_SAMPLES, "the shared broker's quota.window.num");
        bootstrap = kafka.bootstrapServers();
    }

    @Override
    String bootstrapServers() {
        return bootstrap;
    }
}
