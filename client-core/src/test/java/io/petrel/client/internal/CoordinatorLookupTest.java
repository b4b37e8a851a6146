package io.petrel.client.internal;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.Time;
import io.petrel.protocol.ApiKey;
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

/** The one FindCoordinator exchange, against Petrel's broker: where the coordinator is, and errors naming the key. */
class CoordinatorLookupTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PetrelBrokerExtension kafka = new PetrelBrokerExtension();

    private static ClientNetwork network() {
        return ClientNetwork.create(ClientNetworkConfig.parse(Map.of("bootstrap.servers", kafka.broker().bootstrapServers())),
                Time.SYSTEM);
    }

    @Test
    void findsTheBrokerCoordinatingAGroup() throws Exception {
        try (ClientNetwork network = network()) {
            CoordinatorLookup.Found found = CoordinatorLookup.find(network, CoordinatorType.GROUP, "billing", TIMEOUT)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(kafka.broker().config().nodeId(), found.nodeId());
            assertEquals(kafka.broker().port(), found.port());
        }
    }

    @Test
    void anErrorFailsTheLookupNamingTheKeyAndItsKind() throws Exception {
        kafka.broker().faults().failRequests(ApiKey.FIND_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE, 1);
        try (ClientNetwork network = network()) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> CoordinatorLookup.find(network,
                    CoordinatorType.TRANSACTION, "tx-7", TIMEOUT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            BrokerErrorException error = assertInstanceOf(BrokerErrorException.class, e.getCause());
            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, error.error());
            assertTrue(error.isRetriable());
            assertTrue(error.getMessage().contains("transactional id 'tx-7'"), error.getMessage());
        } finally {
            kafka.broker().faults().clear();
        }
    }
}
