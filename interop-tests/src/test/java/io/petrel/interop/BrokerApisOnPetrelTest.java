package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BrokerApisContract} against broker-stub. */
class BrokerApisOnPetrelTest extends BrokerApisContract {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    @Override
    String bootstrapServers() {
        return kafka.broker().bootstrapServers();
    }
}
