package io.petrel.interop.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.UUID;

import static io.petrel.interop.security.KafkaClientCalls.REQUEST_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an authenticated user may not do, on both brokers, with Petrel's clients beside kafka-clients':
 * {@link User#ALICE}, allowed only {@code alice-} topics and groups ({@link AliceAcls}), writing elsewhere gets a
 * topic authorization exception naming the topic, joining another group a group authorization exception naming
 * the group, reading another topic in her own group a topic authorization exception; each at once (within one
 * request timeout), not after retries.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class AuthorizationFailureTest {
    private static final SecurityMode MODE = SecurityMode.SASL_SSL_SCRAM_SHA_512;

    @Parameter
    BrokerKind kind;
    private SecuredBroker broker;
    private Map<String, String> alice;

    @BeforeEach
    void aliceWithHerAcls(SecuredBrokers brokers) throws Exception {
        broker = brokers.get(kind);
        AliceAcls.grant(broker.clientConfig(MODE, User.ADMIN));
        alice = broker.clientConfig(MODE, User.ALICE);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private void assertRefused(Outcome outcome, Class<? extends Throwable> type, String resource) {
        System.out.printf("[%s] %s%n", broker.name(), outcome);
        assertInstanceOf(type, outcome.error(), () -> broker.name() + ": " + outcome);
        assertTrue(outcome.messages().contains(resource), () -> broker.name() + ": the message should name " + resource
                + ": " + outcome);
        assertTrue(outcome.elapsed().compareTo(REQUEST_TIMEOUT) < 0, () -> broker.name() + ": took "
                + outcome.elapsed().toMillis() + " ms, more than the request timeout: " + outcome);
    }

    @ParameterizedTest
    @EnumSource(ClientUnderTest.class)
    void producerToAnotherUsersTopic(ClientUnderTest client) {
        String topic = unique("bobs-");
        assertRefused(client.produce(alice, topic), client == ClientUnderTest.PETREL
                ? io.petrel.client.TopicAuthorizationException.class
                : org.apache.kafka.common.errors.TopicAuthorizationException.class, topic);
    }

    @ParameterizedTest
    @EnumSource(ClientUnderTest.class)
    void consumerInAnotherUsersGroup(ClientUnderTest client) {
        String group = unique("bobs-");
        assertRefused(client.consume(alice, unique(AliceAcls.PREFIX), group), client == ClientUnderTest.PETREL
                ? io.petrel.client.GroupAuthorizationException.class
                : org.apache.kafka.common.errors.GroupAuthorizationException.class, group);
    }

    @ParameterizedTest
    @EnumSource(ClientUnderTest.class)
    void consumerOfAnotherUsersTopic(ClientUnderTest client) {
        String topic = unique("bobs-");
        assertRefused(client.consume(alice, topic, unique(AliceAcls.PREFIX)), client == ClientUnderTest.PETREL
                ? io.petrel.client.TopicAuthorizationException.class
                : org.apache.kafka.common.errors.TopicAuthorizationException.class, topic);
    }
}
