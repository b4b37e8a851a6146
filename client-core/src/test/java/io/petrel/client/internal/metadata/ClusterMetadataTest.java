package io.petrel.client.internal.metadata;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.client.Node;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.network.NettyClientNetwork;
import io.petrel.protocol.ApiKey;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metadata fetched from Petrel's in-process broker, which auto-creates topics with three partitions. */
class ClusterMetadataTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b.numPartitions(3));

    private static ClientNetworkConfig config(Object... overrides) {
        Map<String, Object> raw = new java.util.HashMap<>();
        raw.put("bootstrap.servers", kafka.broker().bootstrapServers());
        for (int i = 0; i < overrides.length; i += 2) {
            raw.put((String) overrides[i], overrides[i + 1]);
        }
        return ClientNetworkConfig.parse(raw);
    }

    @Test
    void anAutoCreatedTopicArrivesWithLeadersAndItsId() throws Exception {
        Broker broker = kafka.broker();
        try (ClientNetwork network = ClientNetwork.create(config(), Time.SYSTEM)) {
            ClusterMetadata metadata = network.metadata();
            List<PartitionInfo> partitions = metadata.awaitTopic("orders").get(10, TimeUnit.SECONDS);

            assertEquals(3, partitions.size());
            Node leader = new Node(1, "127.0.0.1", broker.port(), null);
            for (int i = 0; i < 3; i++) {
                PartitionInfo p = partitions.get(i);
                assertEquals(new TopicPartition("orders", i), p.topicPartition());
                assertEquals(leader, p.leader());
                assertTrue(p.leaderEpoch() >= 0);
                assertEquals(List.of(leader), p.replicas());
                assertEquals(leader, metadata.leader(new TopicPartition("orders", i)).orElseThrow());
            }
            UUID id = metadata.topicId("orders").orElseThrow();
            assertNotNull(id);
            assertEquals("orders", metadata.topicName(id).orElseThrow());
            assertEquals(leader, metadata.node(1).orElseThrow());
            assertEquals(broker.clusterId(), metadata.clusterId().orElseThrow());
            assertEquals(partitions, metadata.partitions("orders").orElseThrow());

            CompletableFuture<List<PartitionInfo>> again = metadata.awaitTopic("orders");
            assertTrue(again.isDone(), "a known topic is answered at once");
        }
    }

    @Test
    void concurrentWaitersForSeveralTopicsShareFetches() throws Exception {
        try (NettyClientNetwork network = NettyClientNetwork.create(config(), Time.SYSTEM)) {
            RefreshingClusterMetadata metadata = network.metadata();
            List<CompletableFuture<List<PartitionInfo>>> waits = List.of(metadata.awaitTopic("a1"),
                    metadata.awaitTopic("a2"), metadata.awaitTopic("a1"), metadata.awaitTopic("a3"));
            for (CompletableFuture<List<PartitionInfo>> wait : waits) {
                assertEquals(3, wait.get(10, TimeUnit.SECONDS).size());
            }
            assertTrue(metadata.updates() <= 3, "fetches are coalesced, made " + metadata.updates());
        }
    }

    @Test
    void metadataIsRefreshedAfterMetadataMaxAgeAndOnRequest() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (NettyClientNetwork network = NettyClientNetwork.create(config("metadata.max.age.ms", 1000), time)) {
            RefreshingClusterMetadata metadata = network.metadata();
            metadata.awaitTopic("aging").get(10, TimeUnit.SECONDS);
            long before = metadata.updates();

            clock.advance(Duration.ofMillis(1000));
            Await.until("a refresh after metadata.max.age.ms", () -> metadata.updates() == before + 1);

            clock.advance(Duration.ofMillis(100));
            metadata.requestUpdate("aging");
            Await.until("a requested refresh", () -> metadata.updates() == before + 2);
        }
    }

    @Test
    void requestedUpdatesWaitRetryBackoffAfterARefresh() throws Exception {
        ManualClock clock = new ManualClock();
        Time time = Time.of(clock, clock::nanoTime, clock::sleep);
        try (NettyClientNetwork network = NettyClientNetwork.create(config("retry.backoff.ms", 100), time)) {
            RefreshingClusterMetadata metadata = network.metadata();
            metadata.awaitTopic("backoff").get(10, TimeUnit.SECONDS);
            long before = metadata.updates();
            metadata.requestUpdate();
            metadata.requestUpdate("backoff");
            assertEquals(before, metadata.updates(), "no refresh before retry.backoff.ms has passed");
            clock.advance(Duration.ofMillis(100));
            Await.until("the coalesced refresh", () -> metadata.updates() == before + 1);
        }
    }

    @Test
    void aDisconnectAsksForFreshMetadata() throws Exception {
        Broker broker = kafka.broker();
        try (NettyClientNetwork network = NettyClientNetwork.create(config(), Time.SYSTEM)) {
            RefreshingClusterMetadata metadata = network.metadata();
            metadata.awaitTopic("moving").get(10, TimeUnit.SECONDS);
            long before = metadata.updates();
            broker.faults().dropConnection(ApiKey.METADATA, 1);
            network.send(1, ApiKey.METADATA, v -> ApiKey.METADATA.requestSchema().newMessage(), Duration.ofSeconds(5))
                    .handle((r, e) -> e)
                    .get(10, TimeUnit.SECONDS);
            Await.until("a refresh after the disconnect", () -> metadata.updates() > before);
            assertSame(metadata, network.metadata());
        }
    }
}
