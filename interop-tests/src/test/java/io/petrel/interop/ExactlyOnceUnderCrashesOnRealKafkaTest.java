package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly once through copier crashes, on a real Apache Kafka 4.3.1, with 10 kills in every build. Its time is the
 * copy's 200-odd transactions of {@link CopierMain#MAX_POLL_RECORDS} records (tens of milliseconds each on Kafka,
 * whatever their size) and the 11 copier JVM starts: 33-44 s on a shared 2-core machine at load 12-29 (with 100
 * records per transaction, 125-141 s).
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
