package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.QuotaWindow;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** {@link ClientQuotasContract} against broker-stub. */
class ClientQuotasOnPetrelTest extends ClientQuotasContract {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(
            b -> b.quotaWindow(new QuotaWindow(QUOTA_WINDOW_SAMPLES, Duration.ofSeconds(1))));

    @Override
    String bootstrapServers() {
        return kafka.broker().bootstrapServers();
    }
}
