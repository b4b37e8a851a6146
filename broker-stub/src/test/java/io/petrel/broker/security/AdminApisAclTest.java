package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * DeleteRecords, IncrementalAlterConfigs, DeleteGroups and OffsetDelete under ACLs: a user who may read and write a
 * topic and read a group, but not delete or alter them, is refused with Kafka's authorization errors.
 */
class AdminApisAclTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .secured(SaslMechanism.SCRAM_SHA_512)
            .user("admin", "admin-secret")
            .user("carol", "carol-secret")
            .authorizer("User:admin"));

    private static Map<String, Object> as(Broker broker, String user) {
        return new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, user, user + "-secret"));
    }

    private static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void deletingAndAlteringNeedTheirOwnRights() throws Exception {
        Broker broker = kafka.broker();
        TopicPartition tp = new TopicPartition("carol-data", 0);
        ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, "carol-data", PatternType.LITERAL);
        ResourcePattern group = new ResourcePattern(ResourceType.GROUP, "carol-group", PatternType.LITERAL);
        try (Admin admin = Admin.create(as(broker, "admin"))) {
            admin.createTopics(List.of(new NewTopic("carol-data", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(
                    new AclBinding(topic, new AccessControlEntry("User:carol", "*", AclOperation.READ, AclPermissionType.ALLOW)),
                    new AclBinding(topic, new AccessControlEntry("User:carol", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                    new AclBinding(group, new AccessControlEntry("User:carol", "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets("carol-group", Map.of(tp, new OffsetAndMetadata(0)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (Admin carol = Admin.create(as(broker, "carol"))) {
            assertInstanceOf(TopicAuthorizationException.class,
                    failure(carol.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(0))).all()));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "carol-data");
            assertInstanceOf(TopicAuthorizationException.class, failure(carol.incrementalAlterConfigs(Map.of(resource,
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
                    .all()));
            assertInstanceOf(GroupAuthorizationException.class,
                    failure(carol.deleteConsumerGroups(List.of("carol-group")).all()));
            assertInstanceOf(GroupAuthorizationException.class,
                    failure(carol.deleteConsumerGroupOffsets("carol-group", Set.of(tp)).all()));
        }
        try (Admin admin = Admin.create(as(broker, "admin"))) {
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(0))).all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of("carol-group")).all().get(30, TimeUnit.SECONDS);
        }
    }
}
