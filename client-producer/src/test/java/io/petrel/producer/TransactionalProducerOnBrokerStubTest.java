package io.petrel.producer;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transactional producer contract against broker-stub's transaction coordinator, in-process, finalizing
 * transactions version 2 as Kafka 4.x does: the same assertions as against a real Kafka 4.3.1.
 */
class TransactionalProducerOnBrokerStubTest extends TransactionalProducerContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }

    @Override
    protected int transactionVersion() {
        return 2;
    }
}
