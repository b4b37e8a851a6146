package io.petrel.admin;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Admin contract against Petrel's broker-stub, in-process: every call, as on a real Kafka. */
class AdminOnBrokerStubTest extends AdminContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
