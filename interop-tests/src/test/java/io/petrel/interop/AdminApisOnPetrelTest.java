package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AdminApisContract} against broker-stub. */
class AdminApisOnPetrelTest extends AdminApisContract {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    @Override
    String bootstrapServers() {
        return kafka.broker().bootstrapServers();
    }
}
