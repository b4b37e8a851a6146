package io.petrel.consumer;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumer contract against Petrel's broker-stub, in-process. */
class ConsumerOnBrokerStubTest extends ConsumerContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
