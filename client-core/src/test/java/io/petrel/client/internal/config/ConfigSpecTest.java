package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigSpecTest {
    static final ConfigKey<Integer> LINGER_MS = ConfigKey.ofInt("linger.ms", 5, "How long to wait for more records")
            .validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Short> ACKS_LIKE = ConfigKey.ofShort("some.short", (short) 1, "")
            .validatedBy(ConfigValidator.between(-1, 1));
    static final ConfigKey<Double> RATIO = ConfigKey.ofDouble("ratio", 0.5, "");
    static final ConfigKey<Boolean> IDEMPOTENT = ConfigKey.ofBoolean("enable.idempotence", true, "");
    static final ConfigKey<String> COMPRESSION = ConfigKey.ofString("compression.type", "none", "")
            .validatedBy(ConfigValidator.oneOf("none", "gzip", "snappy", "lz4", "zstd"));
    static final ConfigKey<String> TRANSACTIONAL_ID = ConfigKey.ofString("transactional.id", null, "").optional();
    static final ConfigKey<Object> SERIALIZER = ConfigKey.ofClass("key.serializer", null, "")
            .instancesOf(CharSequence.class);
    static final ConfigKey<Object> PLAIN_CLASS = ConfigKey.ofClass("partitioner.class", Object.class, "");
    static final ConfigKey<List<String>> INTERCEPTORS = ConfigKey.ofList("interceptor.classes", List.of(), "");
    static final ConfigKey<Long> BUFFER = ConfigKey.ofLong("buffer.memory", 33_554_432L, "");

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(LINGER_MS).define(ACKS_LIKE).define(RATIO).define(IDEMPOTENT).define(COMPRESSION)
            .define(TRANSACTIONAL_ID).define(SERIALIZER).define(PLAIN_CLASS).define(INTERCEPTORS).define(BUFFER)
            .build();

    private static Map<String, Object> base() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("bootstrap.servers", "localhost:9092");
        raw.put("key.serializer", "java.lang.String");
        return raw;
    }

    private static ConfigException rejects(Map<String, Object> raw) {
        return assertThrows(ConfigException.class, () -> SPEC.parse(raw));
    }

    private static ConfigException rejects(String key, Object value) {
        Map<String, Object> raw = base();
        raw.put(key, value);
        return rejects(raw);
    }

    @Test
    void defaultsAreKafkaClients4Defaults() {
        ConfigValues v = SPEC.parse(base());
        assertEquals(List.of("localhost:9092"), v.get(CommonClientConfigs.BOOTSTRAP_SERVERS));
        assertEquals("", v.get(CommonClientConfigs.CLIENT_ID));
        assertEquals(30_000, v.get(CommonClientConfigs.REQUEST_TIMEOUT_MS));
        assertEquals(100L, v.get(CommonClientConfigs.RETRY_BACKOFF_MS));
        assertEquals(1_000L, v.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS));
        assertEquals(50L, v.get(CommonClientConfigs.RECONNECT_BACKOFF_MS));
        assertEquals(1_000L, v.get(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS));
        assertEquals(300_000L, v.get(CommonClientConfigs.METADATA_MAX_AGE_MS));
        assertEquals(540_000L, v.get(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS));
        assertEquals(10_000L, v.get(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS));
        assertEquals(30_000L, v.get(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS));
        assertEquals("use_all_dns_ips", v.get(CommonClientConfigs.CLIENT_DNS_LOOKUP));
        assertEquals("PLAINTEXT", v.get(CommonClientConfigs.SECURITY_PROTOCOL));
        assertEquals(5, v.get(LINGER_MS));
        assertNull(v.get(TRANSACTIONAL_ID));
        assertFalse(v.isSet(LINGER_MS));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        ConfigException e = rejects("lingr.ms", "5");
        assertEquals("Unknown configuration 'lingr.ms': did you mean 'linger.ms'?", e.getMessage());
    }

    @Test
    void unknownKeyFarFromAnyListsTheKnownOnes() {
        Map<String, Object> raw = withSerializerInstance();
        raw.put("completely.different.setting", "5");
        ConfigException e = rejects(raw);
        assertTrue(e.getMessage().startsWith("Unknown configuration 'completely.different.setting': known configurations are "),
                e.getMessage());
        assertTrue(e.getMessage().contains("linger.ms"), e.getMessage());
    }

    /** The base settings with the serializer given as an instance: no plugin is created from a class. */
    private static Map<String, Object> withSerializerInstance() {
        Map<String, Object> raw = base();
        raw.put("key.serializer", new StringBuilder("an instance"));
        return raw;
    }

    @Test
    void unknownKeyIsPassedToPluginsWhenOneIsCreatedFromItsClass() {
        Map<String, Object> raw = base();
        raw.put("schema.registry.url", "http://registry:8081");
        ConfigValues values = SPEC.parse(raw);
        assertEquals("http://registry:8081", values.originals().get("schema.registry.url"));
        assertEquals(5, values.get(LINGER_MS), "known keys parse as before");
    }

    @Test
    void unknownKeyIsRefusedWhenNoPluginIsCreatedFromAClass() {
        Map<String, Object> raw = withSerializerInstance();
        raw.put("schema.registry.url", "http://registry:8081");
        assertTrue(rejects(raw).getMessage().startsWith("Unknown configuration 'schema.registry.url'"));
    }

    @Test
    void nearMissOfAKnownKeyIsRefusedEvenBesidePlugins() {
        ConfigException e = rejects("linger.msx", "5");
        assertEquals("Unknown configuration 'linger.msx': did you mean 'linger.ms'?", e.getMessage());
    }

    @Test
    void valueBelowMinimumNamesKeyValueAndLimit() {
        assertEquals("Invalid value -5 for configuration linger.ms: must be at least 0",
                rejects("linger.ms", "-5").getMessage());
        assertEquals("Invalid value -5 for configuration linger.ms: must be at least 0",
                rejects("linger.ms", -5).getMessage());
    }

    @Test
    void valueOfWrongTypeSaysWhatIsAccepted() {
        assertEquals("Invalid value abc for configuration linger.ms: expected a 32-bit integer",
                rejects("linger.ms", "abc").getMessage());
        assertEquals("Invalid value 3000000000 for configuration linger.ms: expected a 32-bit integer",
                rejects("linger.ms", 3_000_000_000L).getMessage());
        assertEquals("Invalid value yes for configuration enable.idempotence: expected true or false",
                rejects("enable.idempotence", "yes").getMessage());
        assertTrue(rejects("some.short", 2).getMessage().contains("must be between -1 and 1"));
        assertTrue(rejects("compression.type", "brotli").getMessage()
                .startsWith("Invalid value brotli for configuration compression.type: must be one of [none,"));
        assertTrue(rejects("ratio", List.of()).getMessage().contains("expected a number"));
    }

    @Test
    void missingBootstrapServersIsNamed() {
        Map<String, Object> raw = base();
        raw.remove("bootstrap.servers");
        ConfigException e = rejects(raw);
        assertTrue(e.getMessage().startsWith("Missing required configuration 'bootstrap.servers'"), e.getMessage());
    }

    @Test
    void bootstrapServersAreValidated() {
        assertEquals("Invalid url in bootstrap.servers: abc", rejects("bootstrap.servers", "abc").getMessage());
        assertEquals("Invalid url in bootstrap.servers: host:99999",
                rejects("bootstrap.servers", "localhost:9092, host:99999").getMessage());
        assertTrue(rejects("bootstrap.servers", " , ").getMessage().contains("bootstrap.servers"));
        Map<String, Object> raw = base();
        raw.put("bootstrap.servers", List.of("a:1", "[::1]:9092", "PLAINTEXT://b:2"));
        assertEquals(List.of("a:1", "[::1]:9092", "PLAINTEXT://b:2"), SPEC.parse(raw).get(CommonClientConfigs.BOOTSTRAP_SERVERS));
    }

    @Test
    void securityProtocolTakesKafkasFourValuesInAnyCase() {
        assertTrue(rejects("security.protocol", "BOGUS").getMessage().contains("must be one of"));
        for (String protocol : List.of("plaintext", "SSL", "SASL_PLAINTEXT", "sasl_ssl")) {
            Map<String, Object> raw = base();
            raw.put("security.protocol", protocol);
            assertEquals(protocol, SPEC.parse(raw).get(CommonClientConfigs.SECURITY_PROTOCOL));
        }
    }

    @Test
    void dnsLookupAcceptsKafkaValues() {
        Map<String, Object> raw = base();
        raw.put("client.dns.lookup", "resolve_canonical_bootstrap_servers_only");
        assertEquals("resolve_canonical_bootstrap_servers_only", SPEC.parse(raw).get(CommonClientConfigs.CLIENT_DNS_LOOKUP));
        assertTrue(rejects("client.dns.lookup", "default").getMessage().contains("must be one of"));
    }

    @Test
    void typedAndStringValuesAreAccepted() {
        Map<String, Object> raw = base();
        raw.put("linger.ms", 7);
        raw.put("buffer.memory", 1024);
        raw.put("some.short", "-1");
        raw.put("ratio", 2);
        raw.put("enable.idempotence", " FALSE ");
        raw.put("interceptor.classes", "a.B, c.D,,");
        raw.put("client.id", "  me ");
        ConfigValues v = SPEC.parse(raw);
        assertEquals(7, v.get(LINGER_MS));
        assertEquals(1024L, v.get(BUFFER));
        assertEquals((short) -1, v.get(ACKS_LIKE));
        assertEquals(2.0, v.get(RATIO));
        assertEquals(false, v.get(IDEMPOTENT));
        assertEquals(List.of("a.B", "c.D"), v.get(INTERCEPTORS));
        assertEquals("me", v.get(CommonClientConfigs.CLIENT_ID));
        assertTrue(v.isSet(LINGER_MS));
        assertEquals(7, v.originals().get("linger.ms"));
    }

    @Test
    void classKeysTakeNamesClassesAndInstancesWhereAllowed() {
        Map<String, Object> raw = base();
        assertEquals(String.class, SPEC.parse(raw).get(SERIALIZER));
        raw.put("key.serializer", StringBuilder.class);
        assertEquals(StringBuilder.class, SPEC.parse(raw).get(SERIALIZER));
        StringBuilder instance = new StringBuilder();
        raw.put("key.serializer", instance);
        assertSame(instance, SPEC.parse(raw).get(SERIALIZER));

        assertTrue(rejects("key.serializer", Integer.class).getMessage().contains("must implement java.lang.CharSequence"));
        assertTrue(rejects("key.serializer", "com.example.Missing").getMessage()
                .startsWith("Invalid value com.example.Missing for configuration key.serializer: class cannot be found"));
        assertTrue(rejects("partitioner.class", new Object()).getMessage().contains("expected a class name or Class"));
    }

    @Test
    void requiredClassKeyIsNamedWhenMissing() {
        Map<String, Object> raw = base();
        raw.remove("key.serializer");
        assertTrue(rejects(raw).getMessage().startsWith("Missing required configuration 'key.serializer'"));
    }

    @Test
    void propertiesAreParsedLikeMaps() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "h:1");
        props.setProperty("key.serializer", "java.lang.String");
        props.put("linger.ms", 9);
        assertEquals(9, SPEC.parse(props).get(LINGER_MS));
    }

    @Test
    void keysOutsideTheSpecCannotBeRead() {
        ConfigValues v = CommonClientConfigs.SPEC.parse(Map.of("bootstrap.servers", "h:1"));
        assertThrows(IllegalArgumentException.class, () -> v.get(LINGER_MS));
    }

    @Test
    void aKeyCannotBeDefinedTwice() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfigSpec.builder().define(LINGER_MS).define(LINGER_MS));
    }
}
