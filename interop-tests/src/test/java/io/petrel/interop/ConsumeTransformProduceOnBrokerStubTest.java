package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Petrel's consume-transform-produce, exactly once, on broker-stub's transaction coordinator. */
class ConsumeTransformProduceOnBrokerStubTest extends ConsumeTransformProduceContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
