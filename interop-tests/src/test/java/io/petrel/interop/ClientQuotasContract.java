package io.petrel.interop;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Client quotas through Kafka's Admin (alterClientQuotas, describeClientQuotas, their errors) and their enforcement:
 * a producer and a consumer, of kafka-clients and of Petrel, each under a 200 KB/s quota of its client-id, slowed to
 * it and reporting the throttle time in its metrics. The same assertions run against broker-stub and a real Apache
 * Kafka 4.3.1 (one subclass each). Every entity names this run's own user or client-id, so a shared broker's other
 * tests are not throttled; the quotas are removed after each test.
 */
abstract class ClientQuotasContract {
    private static final double QUOTA = 200 * 1024;
    private static final int RECORD_BYTES = 10_000;
    /**
     * The brokers' {@code quota.window.num} (of 1 s samples): both are started with it, and {@link #connect} checks.
     * Kafka measures a rate over that many samples and never over less than one fewer, so a client much faster than
     * its quota first takes {@code SAMPLES - 1} seconds of quota at once, then little until that burst's sample
     * expires {@code SAMPLES} seconds later, when it may take as much again. Its rate swings within each such period
     * and settles near the quota only over several of them; with Kafka's default of 11 the period alone outlasted the
     * measurement, and a rate measured on a loaded machine could land far outside the quota's band.
     */
    static final int QUOTA_WINDOW_SAMPLES = 3;
    /** How long a throttled client's rate is measured, from its first throttle: about three quota windows. */
    private static final Duration MEASURE = Duration.ofSeconds(9);

    private Admin admin;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<ClientQuotaEntity> created = new ArrayList<>();

    /** The broker under test. */
    abstract String bootstrapServers();

    @BeforeEach
    void connect() throws Exception {
        admin = Interop.admin(bootstrapServers());
        String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
        String samples = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker)
                .get("quota.window.num").value();
        assertEquals(Integer.toString(QUOTA_WINDOW_SAMPLES), samples, "the broker's quota.window.num");
    }

    @AfterEach
    void removeQuotasAndDisconnect() throws Exception {
        try {
            List<ClientQuotaAlteration> removals = new ArrayList<>();
            for (ClientQuotaEntity entity : created) {
                Map<String, Double> quotas = describe(ClientQuotaFilter.contains(components(entity))).get(entity);
                if (quotas != null) {
                    removals.add(new ClientQuotaAlteration(entity, quotas.keySet().stream()
                            .map(key -> new ClientQuotaAlteration.Op(key, null)).toList()));
                }
            }
            if (!removals.isEmpty()) {
                admin.alterClientQuotas(removals).all().get(30, TimeUnit.SECONDS);
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static List<ClientQuotaFilterComponent> components(ClientQuotaEntity entity) {
        List<ClientQuotaFilterComponent> components = new ArrayList<>();
        entity.entries().forEach((type, name) -> components.add(name == null
                ? ClientQuotaFilterComponent.ofDefaultEntity(type) : ClientQuotaFilterComponent.ofEntity(type, name)));
        return components;
    }

    private ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            entries.put(typeAndName[i], typeAndName[i + 1]);
        }
        ClientQuotaEntity entity = new ClientQuotaEntity(entries);
        created.add(entity);
        return entity;
    }

    private static ClientQuotaAlteration set(ClientQuotaEntity entity, String key, double value) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, value)));
    }

    private Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter) throws Exception {
        return admin.describeClientQuotas(filter).entities().get(30, TimeUnit.SECONDS);
    }

    /** Describes until the broker shows {@code expected} (a real broker applies alterations through its metadata log). */
    private void awaitDescribed(ClientQuotaFilter filter, Map<ClientQuotaEntity, Map<String, Double>> expected) {
        AtomicReference<Object> last = new AtomicReference<>();
        Await.until(() -> "describeClientQuotas to show " + expected + ", last " + last.get(), () -> {
            try {
                Map<ClientQuotaEntity, Map<String, Double>> now = describe(filter);
                last.set(now);
                return now.equals(expected);
            } catch (Exception e) {
                last.set(e);
                return false;
            }
        });
    }

    private static Throwable failure(org.apache.kafka.common.KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    // ---------------------------------------------------------------- AlterClientQuotas / DescribeClientQuotas

    @Test
    void quotasSetAreDescribedByExactDefaultAndAnyFilters() throws Exception {
        String user = "quota-user-" + suffix;
        String client = "quota-client-" + suffix;
        ClientQuotaEntity userAndClient = entity(ClientQuotaEntity.USER, user, ClientQuotaEntity.CLIENT_ID, client);
        ClientQuotaEntity userOnly = entity(ClientQuotaEntity.USER, user);
        ClientQuotaEntity userAndDefaultClient = entity(ClientQuotaEntity.USER, user, ClientQuotaEntity.CLIENT_ID, null);
        admin.alterClientQuotas(List.of(
                new ClientQuotaAlteration(userAndClient, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0),
                        new ClientQuotaAlteration.Op("consumer_byte_rate", 2048.0))),
                set(userOnly, "request_percentage", 12.5),
                set(userAndDefaultClient, "producer_byte_rate", 4096.0))).all().get(30, TimeUnit.SECONDS);

        ClientQuotaFilter ofUser = ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)));
        awaitDescribed(ofUser, Map.of(
                userAndClient, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0),
                userOnly, Map.of("request_percentage", 12.5),
                userAndDefaultClient, Map.of("producer_byte_rate", 4096.0)));
        assertEquals(Map.of(userOnly, Map.of("request_percentage", 12.5)),
                describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)))),
                "strict: entities with other types left out");
        assertEquals(Map.of(userAndDefaultClient, Map.of("producer_byte_rate", 4096.0)),
                describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user),
                        ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.CLIENT_ID)))));
        assertEquals(Map.of(userAndClient, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 2048.0),
                        userAndDefaultClient, Map.of("producer_byte_rate", 4096.0)),
                describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user),
                        ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.CLIENT_ID)))),
                "any client-id, the default included");

        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(userAndClient,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null))))).all().get(30, TimeUnit.SECONDS);
        awaitDescribed(ofUser, Map.of(
                userAndClient, Map.of("consumer_byte_rate", 2048.0),
                userOnly, Map.of("request_percentage", 12.5),
                userAndDefaultClient, Map.of("producer_byte_rate", 4096.0)));
    }

    @Test
    void badAlterationsGetKafkasErrorsAndChangeNothing() throws Exception {
        ClientQuotaEntity client = entity(ClientQuotaEntity.CLIENT_ID, "quota-bad-" + suffix);
        Map<String, String> expected = Map.of(
                "bytes_per_week", "Invalid configuration key bytes_per_week",
                "negative", "Quota producer_byte_rate must be greater than 0",
                "fraction", "producer_byte_rate cannot be a fractional value.",
                "group", "Unhandled client quota entity type: group");
        Map<String, ClientQuotaAlteration> alterations = Map.of(
                "bytes_per_week", set(client, "bytes_per_week", 1.0),
                "negative", set(client, "producer_byte_rate", -5.0),
                "fraction", set(client, "producer_byte_rate", 10.5),
                "group", set(new ClientQuotaEntity(Map.of("group", "g-" + suffix)), "producer_byte_rate", 100.0));
        for (Map.Entry<String, ClientQuotaAlteration> bad : alterations.entrySet()) {
            Throwable error = failure(admin.alterClientQuotas(List.of(bad.getValue())).all());
            assertInstanceOf(InvalidRequestException.class, error, bad.getKey());
            assertEquals(expected.get(bad.getKey()), error.getMessage(), bad.getKey());
        }
        admin.alterClientQuotas(List.of(set(client, "consumer_byte_rate", 4096.0)),
                new AlterClientQuotasOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS);
        assertEquals(Map.of(), describe(ClientQuotaFilter.contains(components(client))), "validateOnly stores nothing");

        Throwable unsupported = failure(admin.describeClientQuotas(ClientQuotaFilter.contains(
                List.of(ClientQuotaFilterComponent.ofEntity("group", "g")))).entities());
        assertInstanceOf(UnsupportedVersionException.class, unsupported);
        assertEquals("Unsupported entity type group", unsupported.getMessage());
    }

    // ---------------------------------------------------------------- enforcement

    /** A client moving bytes as fast as the broker lets it. */
    private interface Mover extends AutoCloseable {
        /** Moves some bytes; returns how many were acknowledged or consumed since the last call. */
        long step() throws Exception;

        /** The client's {@code *-throttle-time-max} and {@code -avg} metrics. */
        double throttleTimeMax();

        double throttleTimeAvg();
    }

    /** Runs {@code mover} until the broker first throttles it, then measures its byte rate over {@link #MEASURE}. */
    private static double throttledRate(Mover mover) throws Exception {
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(mover.throttleTimeMax() > 0)) {
            mover.step();
            if (System.nanoTime() > warmUpEnd) {
                fail("not throttled within 60 s");
            }
        }
        mover.step();
        long start = System.nanoTime();
        long bytes = 0;
        while (System.nanoTime() - start < MEASURE.toNanos()) {
            bytes += mover.step();
        }
        return bytes / ((System.nanoTime() - start) / 1e9);
    }

    private void assertSlowedToTheQuota(String what, Mover mover) throws Exception {
        try (mover) {
            double rate = throttledRate(mover);
            double ratio = rate / QUOTA;
            String figures = String.format("%s on %s: %.0f B/s against a quota of %.0f B/s (%.2fx), throttle time avg"
                            + " %.0f ms, max %.0f ms", what, getClass().getSimpleName(), rate, QUOTA, ratio,
                    mover.throttleTimeAvg(), mover.throttleTimeMax());
            System.out.println(figures);
            assertTrue(ratio > 0.5 && ratio < 1.5, figures);
            assertTrue(mover.throttleTimeAvg() > 0, what + ": throttle time avg " + mover.throttleTimeAvg());
        }
    }

    private String quotaFor(String clientId, String key) throws Exception {
        ClientQuotaEntity entity = entity(ClientQuotaEntity.CLIENT_ID, clientId);
        admin.alterClientQuotas(List.of(set(entity, key, QUOTA))).all().get(30, TimeUnit.SECONDS);
        awaitDescribed(ClientQuotaFilter.contains(components(entity)), Map.of(entity, Map.of(key, QUOTA)));
        return clientId;
    }

    private String topic(String name) throws Exception {
        String topic = name + "-" + suffix;
        Interop.createTopic(admin, topic, 1);
        return topic;
    }

    /** Fills a topic, unthrottled, with enough records for a consumer to reach its quota and then be measured. */
    private String filledTopic() throws Exception {
        String topic = topic("quota-fetch");
        Properties config = Interop.producerConfig(bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "quota-filler-" + suffix);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < 800; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[RECORD_BYTES]));
            }
            producer.flush();
        }
        return topic;
    }

    private static double kafkaMetric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            if (m.getKey().group().equals(group) && m.getKey().name().equals(name)) {
                Object value = m.getValue().metricValue();
                return value instanceof Double d && !d.isNaN() ? d : 0.0;
            }
        }
        throw new AssertionError("no metric " + group + "/" + name);
    }

    private static double petrelMetric(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        assertTrue(value != null, "no metric " + name + " in " + metrics.keySet());
        return value.isNaN() ? 0.0 : value;
    }

    /** At most this many records unacknowledged, so a throttled producer's backlog stays small. */
    private static final int IN_FLIGHT_RECORDS = 16;

    @Test
    void aKafkaProducerIsSlowedToItsQuota() throws Exception {
        String topic = topic("quota-produce");
        Properties config = Interop.producerConfig(bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, quotaFor("quota-kafka-producer-" + suffix, "producer_byte_rate"));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        Semaphore inFlight = new Semaphore(IN_FLIGHT_RECORDS);
        AtomicLong acked = new AtomicLong();
        assertSlowedToTheQuota("kafka-clients producer", new Mover() {
            @Override
            public long step() throws InterruptedException {
                if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    producer.send(new ProducerRecord<>(topic, 0, null, new byte[RECORD_BYTES]), (md, e) -> {
                        if (e == null) {
                            acked.addAndGet(RECORD_BYTES);
                        }
                        inFlight.release();
                    });
                }
                return acked.getAndSet(0);
            }

            @Override
            public double throttleTimeMax() {
                return kafkaMetric(producer.metrics(), "producer-metrics", "produce-throttle-time-max");
            }

            @Override
            public double throttleTimeAvg() {
                return kafkaMetric(producer.metrics(), "producer-metrics", "produce-throttle-time-avg");
            }

            @Override
            public void close() {
                producer.close(Duration.ZERO);
            }
        });
    }

    @Test
    void aPetrelProducerIsSlowedToItsQuota() throws Exception {
        String topic = topic("quota-produce");
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(),
                "client.id", quotaFor("quota-petrel-producer-" + suffix, "producer_byte_rate"));
        io.petrel.producer.Producer<byte[], byte[]> producer = io.petrel.producer.Producer.create(config,
                new io.petrel.serializers.ByteArraySerializer(), new io.petrel.serializers.ByteArraySerializer());
        Semaphore inFlight = new Semaphore(IN_FLIGHT_RECORDS);
        AtomicLong acked = new AtomicLong();
        assertSlowedToTheQuota("Petrel producer", new Mover() {
            @Override
            public long step() throws InterruptedException {
                if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    producer.send(io.petrel.producer.ProducerRecord.of(topic, new byte[RECORD_BYTES]), (md, e) -> {
                        if (e == null) {
                            acked.addAndGet(RECORD_BYTES);
                        }
                        inFlight.release();
                    });
                }
                return acked.getAndSet(0);
            }

            @Override
            public double throttleTimeMax() {
                return petrelMetric(producer.metrics(), "produce-throttle-time-max");
            }

            @Override
            public double throttleTimeAvg() {
                return petrelMetric(producer.metrics(), "produce-throttle-time-avg");
            }

            @Override
            public void close() {
                producer.close(Duration.ZERO);
            }
        });
    }

    /** Small fetches, so a consumer's rate is measured in steps well below the quota. */
    private static final int FETCH_BYTES = 64 * 1024;

    @Test
    void aKafkaConsumerIsSlowedToItsQuota() throws Exception {
        String topic = filledTopic();
        Properties config = Interop.consumerConfig(bootstrapServers(), null);
        config.put("client.id", quotaFor("quota-kafka-consumer-" + suffix, "consumer_byte_rate"));
        config.put("max.partition.fetch.bytes", FETCH_BYTES);
        config.put("fetch.max.bytes", FETCH_BYTES);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        assertSlowedToTheQuota("kafka-clients consumer", new Mover() {
            @Override
            public long step() {
                long bytes = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    bytes += record.value().length;
                }
                return bytes;
            }

            @Override
            public double throttleTimeMax() {
                return kafkaMetric(consumer.metrics(), "consumer-fetch-manager-metrics", "fetch-throttle-time-max");
            }

            @Override
            public double throttleTimeAvg() {
                return kafkaMetric(consumer.metrics(), "consumer-fetch-manager-metrics", "fetch-throttle-time-avg");
            }

            @Override
            public void close() {
                consumer.close(Duration.ZERO);
            }
        });
    }

    @Test
    void aPetrelConsumerIsSlowedToItsQuota() throws Exception {
        String topic = filledTopic();
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(),
                "client.id", quotaFor("quota-petrel-consumer-" + suffix, "consumer_byte_rate"),
                "max.partition.fetch.bytes", FETCH_BYTES, "fetch.max.bytes", FETCH_BYTES, "auto.offset.reset", "earliest");
        io.petrel.consumer.Consumer<byte[], byte[]> consumer = io.petrel.consumer.Consumer.create(config,
                new io.petrel.serializers.ByteArrayDeserializer(), new io.petrel.serializers.ByteArrayDeserializer());
        consumer.assign(List.of(new io.petrel.client.TopicPartition(topic, 0)));
        assertSlowedToTheQuota("Petrel consumer", new Mover() {
            @Override
            public long step() {
                long bytes = 0;
                for (io.petrel.consumer.ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    bytes += record.value().length;
                }
                return bytes;
            }

            @Override
            public double throttleTimeMax() {
                return petrelMetric(consumer.metrics(), "fetch-throttle-time-max");
            }

            @Override
            public double throttleTimeAvg() {
                return petrelMetric(consumer.metrics(), "fetch-throttle-time-avg");
            }

            @Override
            public void close() {
                consumer.close();
            }
        });
    }
}
