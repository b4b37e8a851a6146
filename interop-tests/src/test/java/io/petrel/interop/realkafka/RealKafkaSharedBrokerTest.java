package io.petrel.interop.realkafka;

import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A second class on {@link RealKafkaExtension}: it gets the broker the other classes got, not a new one. */
@ExtendWith(RealKafkaExtension.class)
class RealKafkaSharedBrokerTest {
    private static RealKafkaBroker fromBeforeAll;

    @BeforeAll
    static void resolvesInBeforeAll(RealKafkaBroker kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void isTheSameBrokerAsInOtherClasses(RealKafkaBroker kafka) throws Exception {
        assertSame(fromBeforeAll, kafka);
        SharedBrokerWitness.saw(kafka);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            assertEquals(1, admin.describeCluster().nodes().get().size());
        }
    }

    @Test
    void anotherTestGetsTheSameBrokerToo(RealKafkaBroker kafka) {
        assertSame(fromBeforeAll, kafka);
        SharedBrokerWitness.saw(kafka);
    }
}
