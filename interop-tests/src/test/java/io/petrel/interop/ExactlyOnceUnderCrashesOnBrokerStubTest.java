package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exactly once through copier crashes, on broker-stub's transaction coordinator. */
class ExactlyOnceUnderCrashesOnBrokerStubTest extends ExactlyOnceUnderCrashesContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }
}
