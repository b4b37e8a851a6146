package io.petrel.protocol;

import io.petrel.protocol.schemas.ConsumerProtocolAssignment;
import io.petrel.protocol.schemas.ConsumerProtocolSubscription;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.RequestHeader;
import io.petrel.protocol.schemas.ResponseHeader;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Petrel's schemas checked against kafka-clients 4.3.1's own generated message classes, for every API and
 * version Petrel declares: what Petrel writes, Kafka parses to the same values and writes back to the
 * same bytes; what Kafka writes, Petrel reads back to the message it started from.
 */
class MessageOracleTest {
    private static final int SEEDS_PER_VERSION = 25;

    static List<MessageSchema> allSchemas() {
        List<MessageSchema> schemas = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            schemas.add(key.requestSchema());
            schemas.add(key.responseSchema());
        }
        schemas.add(RequestHeader.SCHEMA);
        schemas.add(ResponseHeader.SCHEMA);
        schemas.add(ConsumerProtocolSubscription.SCHEMA);
        schemas.add(ConsumerProtocolAssignment.SCHEMA);
        return schemas;
    }

    @TestFactory
    Stream<DynamicTest> everyDeclaredVersionRoundTripsThroughKafkaClients() {
        return allSchemas().stream().flatMap(schema -> versions(schema).map(version ->
                DynamicTest.dynamicTest(schema.name() + " v" + version, () -> {
                    for (long seed = 0; seed < SEEDS_PER_VERSION; seed++) {
                        roundTrip(schema, version, seed * 7919 + version);
                    }
                })));
    }

    private static void roundTrip(MessageSchema schema, short version, long seed) {
        Message ours = RandomMessages.of(schema, version, seed);
        ByteBuffer petrelBytes = schema.serialize(ours, version);
        assertEquals(petrelBytes.remaining(), schema.sizeOf(ours, version), "sizeOf matches what is written");

        ByteBuffer forKafka = petrelBytes.duplicate();
        org.apache.kafka.common.protocol.Message theirs = KafkaMessageOracle.parse(schema, forKafka, version);
        assertFalse(forKafka.hasRemaining(), "kafka-clients read every byte Petrel wrote, seed " + seed);
        KafkaMessageOracle.assertSameValues(ours, theirs, schema.name() + " v" + version + " seed " + seed);

        ByteBuffer kafkaBytes = KafkaMessageOracle.write(theirs, version);
        assertEquals(petrelBytes, kafkaBytes, "kafka-clients writes the bytes Petrel wrote, seed " + seed);

        Message back = schema.read(kafkaBytes.duplicate(), version);
        assertEquals(ours, back, "Petrel reads Kafka's bytes back to the original, seed " + seed);
    }

    private static Stream<Short> versions(MessageSchema schema) {
        Versions range = schema.validVersions();
        return Stream.iterate(range.lowest(), v -> v <= range.highest(), v -> (short) (v + 1));
    }

    @Test
    void declaredVersionsAreOnesKafkaClientsSpeak() throws ReflectiveOperationException {
        for (MessageSchema schema : allSchemas()) {
            Class<?> type = KafkaMessageOracle.kafkaClass(schema);
            short lowest = type.getField("LOWEST_SUPPORTED_VERSION").getShort(null);
            short highest = type.getField("HIGHEST_SUPPORTED_VERSION").getShort(null);
            assertTrue(schema.validVersions().lowest() >= lowest && schema.validVersions().highest() <= highest,
                    schema.name() + " declares " + schema.validVersions() + ", kafka-clients speaks " + lowest + "-" + highest);
            if (schema.kind() == MessageSchema.Kind.REQUEST || schema.kind() == MessageSchema.Kind.RESPONSE) {
                assertEquals(KafkaMessageOracle.kafkaApiKey(schema), schema.apiKey(), schema.name());
            }
        }
    }

    @Test
    void produceRequestBuiltByKafkaIsReadByPetrel() {
        ProduceRequestData kafka = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTransactionalId("tx-1");
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("orders");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(3)
                .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[]{1, 2, 3}))));
        kafka.topicData().add(topic);

        for (short version = 3; version <= 12; version++) {
            Message ours = ProduceRequest.SCHEMA.read(KafkaMessageOracle.write(kafka, version), version);
            assertEquals("tx-1", ours.get(ProduceRequest.TRANSACTIONAL_ID));
            assertEquals((short) -1, ours.get(ProduceRequest.ACKS));
            Message ourTopic = ours.get(ProduceRequest.TOPIC_DATA).get(0);
            assertEquals("orders", ourTopic.get(ProduceRequest.TopicProduceData.NAME));
            Message partition = ourTopic.get(ProduceRequest.TopicProduceData.PARTITION_DATA).get(0);
            assertEquals(3, partition.get(ProduceRequest.PartitionProduceData.INDEX));
            assertEquals(ByteBuffer.wrap(new byte[]{1, 2, 3}), partition.get(ProduceRequest.PartitionProduceData.RECORDS));
            KafkaMessageOracle.assertSameValues(ours, kafka, "ProduceRequest v" + version);
        }
    }

    @Test
    void everyApiKeyHasKafkasNumber() throws ReflectiveOperationException {
        for (ApiKey key : ApiKey.values()) {
            ApiMessage kafka = (ApiMessage) KafkaMessageOracle.kafkaClass(key.requestSchema()).getConstructor().newInstance();
            assertEquals(kafka.apiKey(), key.id(), key.name());
            assertEquals(key, ApiKey.lookup(key.id()).orElseThrow());
        }
    }
}
