package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FeaturesContract} against broker-stub, its own broker since the contract changes finalized levels. */
class FeaturesOnPetrelTest extends FeaturesContract {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

    @Override
    String bootstrapServers() {
        return kafka.broker().bootstrapServers();
    }
}
