package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transaction contract on broker-stub, which finalizes transactions version 2 as Kafka 4.3 does. Its
 * monotonic clock is the system's plus a skew the timeout test moves on, so no test waits a timeout out.
 */
class TransactionsOnBrokerStubTest extends TransactionContract {
    private static final AtomicLong SKEW_NANOS = new AtomicLong();

    @RegisterExtension
    static final PetrelBrokerExtension stub = PetrelBrokerExtension.configured(
            b -> b.nanoTime(() -> System.nanoTime() + SKEW_NANOS.get()));

    @Override
    protected String bootstrapServers() {
        return stub.broker().bootstrapServers();
    }

    @Override
    protected void letTransactionsTimeOut(Duration timeout) {
        SKEW_NANOS.addAndGet(timeout.plusSeconds(1).toNanos());
    }
}
