package io.petrel.interop;

import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transaction contract on a real Apache Kafka 4.3.1 broker (transactions version 2, its default): the run's
 * tuned one ({@link TunedRealKafka}), which aborts a timed-out transaction within 500 ms of its timeout rather than
 * on Kafka's default 10 s sweep, which {@code theBrokerAbortsATransactionPastItsTimeout} would wait out.
 */
@ExtendWith(TunedRealKafka.class)
class TransactionsOnRealKafkaTest extends TransactionContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void useTunedBroker(RealKafkaBroker broker) {
        kafka = broker;
    }

    @Override
    protected String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
