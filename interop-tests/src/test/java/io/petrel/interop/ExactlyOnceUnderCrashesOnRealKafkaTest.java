package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly once through copier crashes, on a real Apache Kafka 4.3.1, with 10 kills in every build: here the copy of
 * the records through transactions takes most of the time, not the lives (on a quiet 2-core machine 60-70 s with 4 kills
 * and with 10 alike), so fewer kills would save nothing.
 */
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

    @Override
    protected int kills() {
        return Integer.getInteger("eos.kills", 10);
    }
}
