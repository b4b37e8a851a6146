package io.petrel.producer;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transactional producer contract against broker-stub finalizing transactions version 1, so the producer
 * adds partitions and groups itself (AddPartitionsToTxn, AddOffsetsToTxn) and keeps Produce and EndTxn at their
 * version-1 versions.
 */
class TransactionalProducerOnBrokerStubV1Test extends TransactionalProducerContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = PetrelBrokerExtension.configured(b -> b.transactionVersion(1));

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }

    @Override
    protected int transactionVersion() {
        return 1;
    }
}
