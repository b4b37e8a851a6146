package io.petrel.broker;

import io.petrel.broker.internal.network.RawClient;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JUnit extension as a user meets it: a Broker parameter, one broker per class, faults cleared per test. */
@ExtendWith(PetrelBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PetrelBrokerExtensionTest {
    private static Broker fromBeforeAll;
    private static Fault leftBehind;

    @BeforeAll
    static void brokerIsRunningBeforeBeforeAllMethods(Broker broker) {
        fromBeforeAll = broker;
        BrokerLifecycleTest.assertServes(broker);
    }

    @AfterAll
    static void theClassBrokerOutlivesItsNestedClasses(Broker broker) {
        assertSame(fromBeforeAll, broker);
        BrokerLifecycleTest.assertServes(broker);
    }

    @Test
    @Order(1)
    void aTestGetsTheClassBroker(Broker broker) {
        assertSame(fromBeforeAll, broker, "one broker for the whole class");
        assertTrue(Files.isDirectory(broker.dataDir()));
        assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"));
    }

    @Test
    @Order(2)
    void aTestLeavesAFaultBehind(Broker broker) throws IOException {
        leftBehind = broker.faults().dropConnection(ApiKey.API_VERSIONS, 100);
        try (RawClient client = RawClient.connect(broker.port())) {
            client.send(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertTrue(client.readHitsEnd());
        }
        assertEquals(1, leftBehind.fired());
    }

    @Test
    @Order(3)
    void theNextTestFindsItCleared(Broker broker) {
        assertNotNull(leftBehind, "runs after the test that left a fault");
        assertTrue(leftBehind.exhausted(), "the extension withdrew the fault after the test");
        BrokerLifecycleTest.assertServes(broker);
        assertEquals(1, leftBehind.fired());
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterBroker(Broker broker) {
            assertSame(fromBeforeAll, broker);
            BrokerLifecycleTest.assertServes(broker);
        }
    }

    /** Configured through a static field: the builder is applied, and parameters come from the same broker. */
    @Nested
    class Configured {
        @RegisterExtension
        static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(3)
                .idleConnectionTimeout(Duration.ofMinutes(1)));

        @Test
        void usesTheConfiguration(Broker broker) {
            assertEquals(3, kafka.broker().config().numPartitions());
            assertEquals(Duration.ofMinutes(1), kafka.broker().config().idleConnectionTimeout());
            assertSame(kafka.broker(), broker, "a parameter comes from the innermost extension");
            assertFalse(fromBeforeAll.port() == broker.port(), "a second, separately configured broker");
        }
    }

    /** Registered on an instance field: no class callbacks reach it, so each test gets its own broker. */
    @Nested
    class PerTest {
        private static Broker previous;

        @RegisterExtension
        final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b);

        @Test
        void getsABroker(Broker broker) {
            assertSame(kafka.broker(), broker);
            checkFresh();
        }

        @Test
        void getsAnotherBroker() {
            checkFresh();
        }

        private void checkFresh() {
            Broker mine = kafka.broker();
            BrokerLifecycleTest.assertServes(mine);
            if (previous != null) {
                assertFalse(previous == mine, "a new broker per test");
                assertFalse(Files.exists(previous.dataDir()), "the previous test's broker was closed");
            }
            previous = mine;
        }
    }

    @Test
    void brokerOutsideItsRunIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PetrelBrokerExtension.configured(b -> b).broker());
        assertTrue(e.getMessage().contains("only while"), e.getMessage());
    }

    @Test
    void aFailedProduceWithAcksZeroGetsNoResponse(Broker broker) throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail("acks-zero", 1);
            Fault fault = broker.faults().failRequests(ApiKey.PRODUCE, ErrorCode.NOT_LEADER_OR_FOLLOWER, 1);
            var produce = RawClient.produce("acks-zero", 0, RawClient.batch("fire-and-forget", 1))
                    .set(io.petrel.protocol.schemas.ProduceRequest.ACKS, (short) 0);
            client.send(ApiKey.PRODUCE, 9, produce);
            // The next response on the connection is the ApiVersions one: nothing answered the Produce.
            assertEquals(ErrorCode.NONE.code(),
                    client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions()).get(ApiVersionsResponse.ERROR_CODE));
            assertEquals(1, fault.fired());
            assertEquals(0L, client.logEndOffset("acks-zero", 0));
        }
    }
}
