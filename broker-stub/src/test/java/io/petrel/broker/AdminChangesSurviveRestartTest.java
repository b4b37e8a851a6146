package io.petrel.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DeleteRecords' log start offset and IncrementalAlterConfigs' overrides are stored: a restarted broker keeps them. */
class AdminChangesSurviveRestartTest {
    @TempDir
    Path dataDir;

    private static Admin admin(Broker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Test
    void theLogStartOffsetAndAlteredConfigsAreThereAfterARestart() throws Exception {
        String topic = "kept";
        TopicPartition tp = new TopicPartition(topic, 0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            }
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).all().get(30, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             Admin admin = admin(broker)) {
            assertEquals(3, admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                    .get(30, TimeUnit.SECONDS).offset());
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("7200000", config.get("retention.ms").value());
            assertEquals("delete,compact", config.get("cleanup.policy").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("cleanup.policy").source());
        }
    }

    @Test
    void dynamicBrokerConfigsAreThereAfterARestartAndStillShapeTopicsWithoutOverrides() throws Exception {
        ConfigResource brokerDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "takes-defaults");
        String node;
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             Admin admin = admin(broker)) {
            node = Integer.toString(broker.config().nodeId());
            admin.createTopics(List.of(new NewTopic(topic.name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.BROKER, node), List.of(
                            new AlterConfigOp(new ConfigEntry("log.retention.ms", "7200000"), AlterConfigOp.OpType.SET)),
                    brokerDefault, List.of(
                            new AlterConfigOp(new ConfigEntry("log.segment.bytes", "2097152"), AlterConfigOp.OpType.SET),
                            new AlterConfigOp(new ConfigEntry("message.max.bytes", "2000"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (Broker broker = Broker.start(BrokerConfig.builder().dataDir(dataDir).build());
             Admin admin = admin(broker)) {
            ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, node);
            var configs = admin.describeConfigs(List.of(self, brokerDefault, topic)).all().get(30, TimeUnit.SECONDS);
            assertEquals("7200000", configs.get(self).get("log.retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, configs.get(self).get("log.retention.ms").source());
            assertEquals("2097152", configs.get(brokerDefault).get("log.segment.bytes").value());
            assertEquals("7200000", configs.get(topic).get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, configs.get(topic).get("retention.ms").source());
            assertEquals("2097152", configs.get(topic).get("segment.bytes").value());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.RETRIES_CONFIG, 0,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>(topic.name(), new byte[5000])).get(30, TimeUnit.SECONDS));
                org.junit.jupiter.api.Assertions.assertInstanceOf(
                        org.apache.kafka.common.errors.RecordTooLargeException.class, refused.getCause(),
                        "the partition log runs with the stored dynamic message.max.bytes");
                producer.send(new ProducerRecord<>(topic.name(), new byte[500])).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
