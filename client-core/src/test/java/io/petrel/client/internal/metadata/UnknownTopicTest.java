package io.petrel.client.internal.metadata;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broker that does not create topics: waiting for a missing one fails after the grace period. */
class UnknownTopicTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.autoCreateTopics(false));

    @Test
    void aTopicThatIsNotCreatedFailsWithUnknownTopicAfterTheGracePeriod() {
        ClientNetworkConfig config = ClientNetworkConfig.parse(Map.of("bootstrap.servers", kafka.broker().bootstrapServers()))
                .withUnknownTopicGrace(Duration.ofMillis(300));
        try (ClientNetwork network = ClientNetwork.create(config, Time.SYSTEM)) {
            long start = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> network.metadata().awaitTopic("missing").get(10, TimeUnit.SECONDS));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, e.getCause());
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, error.error());
            assertTrue(error.getMessage().contains("'missing'"), error.getMessage());
            assertTrue(elapsedMs >= 300, "failed only after the grace period, took " + elapsedMs + " ms");
            assertTrue(network.metadata().partitions("missing").isEmpty());
        }
    }
}
