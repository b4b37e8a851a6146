package io.petrel.consumer;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read_committed contract against broker-stub's transaction coordinator, in-process, as against real Kafka. */
class ReadCommittedConsumerOnBrokerStubTest extends ReadCommittedConsumerContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
