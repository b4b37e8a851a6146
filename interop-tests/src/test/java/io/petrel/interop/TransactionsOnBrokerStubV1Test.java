package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transaction contract on broker-stub finalizing transactions version 1, so kafka-clients uses
 * AddPartitionsToTxn, AddOffsetsToTxn and TxnOffsetCommit before EndTxn, as against a Kafka 3.x broker.
 */
class TransactionsOnBrokerStubV1Test extends TransactionContract {
    private static final AtomicLong SKEW_NANOS = new AtomicLong();

    @RegisterExtension
    static final PetrelBrokerExtension stub = PetrelBrokerExtension.configured(
            b -> b.transactionVersion(1).nanoTime(() -> System.nanoTime() + SKEW_NANOS.get()));

    @Override
    protected String bootstrapServers() {
        return stub.broker().bootstrapServers();
    }

    @Override
    protected void letTransactionsTimeOut(Duration timeout) {
        SKEW_NANOS.addAndGet(timeout.plusSeconds(1).toNanos());
    }
}
