package io.petrel.opentelemetry;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tracing contract against Petrel's broker-stub, in-process. */
class PetrelTracingOnBrokerStubTest extends PetrelTracingContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
