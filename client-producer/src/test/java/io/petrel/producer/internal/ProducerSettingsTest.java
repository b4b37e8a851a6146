package io.petrel.producer.internal;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.compression.CompressionType;
import io.petrel.producer.Acks;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProducerSettingsTest {

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        return m;
    }

    private static Map<String, Object> with(Object... kv) {
        Map<String, Object> m = base();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String error(Map<String, Object> raw) {
        return assertThrows(ConfigException.class, () -> ProducerSettings.from(raw)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void defaultsAreKafkaClients() {
        ProducerSettings s = ProducerSettings.from(base());
        assertEquals(Acks.ALL, s.acks());
        assertEquals(5, s.lingerMs());
        assertEquals(16_384, s.batchSize());
        assertEquals(33_554_432L, s.bufferMemory());
        assertEquals(CompressionType.NONE, s.compression());
        assertEquals(Integer.MAX_VALUE, s.retries());
        assertEquals(100, s.retryBackoffMs());
        assertEquals(1000, s.retryBackoffMaxMs());
        assertEquals(120_000, s.deliveryTimeoutMs());
        assertEquals(30_000, s.requestTimeoutMs());
        assertEquals(60_000, s.maxBlockMs());
        assertEquals(5, s.maxInFlight());
        assertTrue(s.idempotence());
        assertEquals(1_048_576, s.maxRequestSize());
        assertTrue(s.clientId().startsWith("producer-"));
    }

    @Test
    void acksTakesKafkasSpellings() {
        assertEquals(Acks.ALL, ProducerSettings.from(with("acks", "all")).acks());
        assertEquals(Acks.ALL, ProducerSettings.from(with("acks", "-1")).acks());
        assertEquals(Acks.LEADER, ProducerSettings.from(with("acks", "1", "enable.idempotence", "false")).acks());
        assertEquals(Acks.NONE, ProducerSettings.from(with("acks", "0", "enable.idempotence", "false")).acks());
        assertMentions(error(with("acks", "2")), "acks", "2", "all");
    }

    @Test
    void anUnknownKeyIsRefusedWithASuggestion() {
        assertMentions(error(with("linger.msec", "5")), "linger.msec", "linger.ms");
    }

    @Test
    void badValuesNameKeyValueAndWhatIsAccepted() {
        assertMentions(error(with("batch.size", "big")), "batch.size", "big", "integer");
        assertMentions(error(with("linger.ms", -1)), "linger.ms", "-1", "at least 0");
        assertMentions(error(with("compression.type", "brotli")), "compression.type", "brotli", "zstd");
        assertMentions(error(with("compression.gzip.level", 10)), "compression.gzip.level", "10", "between 1 and 9");
        assertMentions(error(with("compression.zstd.level", 23)), "compression.zstd.level", "23");
        assertMentions(error(with("max.in.flight.requests.per.connection", 0)), "max.in.flight", "0");
        assertMentions(error(with("partitioner.class", "com.example.Missing")), "partitioner.class", "com.example.Missing");
        assertMentions(error(with("key.serializer", String.class)), "key.serializer", "Serializer");
    }

    @Test
    void bootstrapServersAreRequired() {
        assertMentions(assertThrows(ConfigException.class, () -> ProducerSettings.from(Map.of())).getMessage(),
                "bootstrap.servers");
    }

    @Test
    void deliveryTimeoutMustCoverLingerAndRequestTimeout() {
        assertMentions(error(with("delivery.timeout.ms", 1000, "linger.ms", 100, "request.timeout.ms", 1000)),
                "delivery.timeout.ms", "1000", "linger.ms + request.timeout.ms", "1100");
        ProducerSettings raised = ProducerSettings.from(with("request.timeout.ms", 200_000));
        assertEquals(200_005, raised.deliveryTimeoutMs(), "a defaulted delivery.timeout.ms is raised, as Kafka does");
    }

    @Test
    void explicitIdempotenceConflictsAreErrors() {
        assertMentions(error(with("enable.idempotence", "true", "acks", "1")), "enable.idempotence", "acks");
        assertMentions(error(with("enable.idempotence", true, "max.in.flight.requests.per.connection", 6)),
                "enable.idempotence", "max.in.flight.requests.per.connection", "5");
        assertMentions(error(with("enable.idempotence", true, "retries", 0)), "enable.idempotence", "retries");
    }

    @Test
    void defaultedIdempotenceIsQuietlyDroppedWhenRuledOut() {
        assertFalse(ProducerSettings.from(with("acks", "1")).idempotence());
        assertFalse(ProducerSettings.from(with("acks", "0")).idempotence());
        assertFalse(ProducerSettings.from(with("max.in.flight.requests.per.connection", 10)).idempotence());
        assertTrue(ProducerSettings.from(with("max.in.flight.requests.per.connection", 5)).idempotence());
    }

    @Test
    void compressionLevelFollowsTheType() {
        ProducerSettings s = ProducerSettings.from(with("compression.type", "zstd", "compression.zstd.level", "7"));
        assertEquals(CompressionType.ZSTD, s.compression());
        assertEquals(7, s.compressionLevel());
        assertEquals(9, ProducerSettings.from(with("compression.type", "lz4")).compressionLevel());
    }

    @Test
    void typedValuesAndTextAreBothTaken() {
        ProducerSettings s = ProducerSettings.from(with("linger.ms", 20, "batch.size", "1000", "acks", "all"));
        assertEquals(20, s.lingerMs());
        assertEquals(1000, s.batchSize());
    }

    @Test
    void socketBufferSizesReachTheNetworkWithKafkaClientsDefaults() {
        Map<String, Object> kafkaDefaults = org.apache.kafka.clients.producer.ProducerConfig.configDef().defaultValues();
        assertEquals(new ClientNetworkConfig.SocketBuffers((Integer) kafkaDefaults.get("send.buffer.bytes"),
                        (Integer) kafkaDefaults.get("receive.buffer.bytes")),
                ProducerSettings.from(base()).networkConfig().socketBuffers());
        assertEquals(new ClientNetworkConfig.SocketBuffers(-1, 1 << 20), ProducerSettings.from(with(
                "send.buffer.bytes", -1, "receive.buffer.bytes", "1048576")).networkConfig().socketBuffers());
        String message = error(with("send.buffer.bytes", -2));
        assertTrue(message.contains("send.buffer.bytes") && message.contains("-2"), message);
    }
}
