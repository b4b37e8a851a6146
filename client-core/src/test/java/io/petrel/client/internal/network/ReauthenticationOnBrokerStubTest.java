package io.petrel.client.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SecurityProtocol;
import io.petrel.client.Time;
import io.petrel.protocol.ApiKey;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.petrel.client.internal.network.NetworkTestConfigs.metadataFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * KIP-368 end to end: broker-stub gives SASL sessions a lifetime ({@code connections.max.reauth.ms}) and closes a
 * connection used past it; Petrel's client re-authenticates before then on the same connection. Broker and
 * client share one hand-moved clock, so hours of sessions pass without waiting.
 */
class ReauthenticationOnBrokerStubTest {
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    @Test
    void theConnectionOutlivesManySessionLifetimes() throws Exception {
        ManualClock clock = new ManualClock();
        try (Broker broker = Broker.start(BrokerConfig.builder()
                .listener(Listener.of(SecurityProtocol.SASL_PLAINTEXT))
                .saslMechanisms(SaslMechanism.SCRAM_SHA_256)
                .user("alice", "alice-secret")
                .reauthentication(LIFETIME)
                .nanoTime(clock::nanoTime)
                .build());
             NettyClientNetwork network = NettyClientNetwork.create(NetworkTestConfigs.config(
                     broker.bootstrapServers("SASL_PLAINTEXT"),
                     "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256",
                     "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                             + "username=\"alice\" password=\"alice-secret\";"),
                     Time.of(clock, clock::nanoTime, clock::sleep))) {
            for (int session = 0; session < 6; session++) {
                network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
                clock.advance(LIFETIME.minusSeconds(10)); // past 95% of the session: re-authentication is due
            }
            network.send(-1, ApiKey.METADATA, metadataFor(), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
            assertEquals(1, network.connectionStatus(-1).orElseThrow().connectAttempts(),
                    "every request went over the first connection: 29 minutes, six re-authentications");
        }
    }
}
