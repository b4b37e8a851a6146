package io.petrel.broker.security;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UpdateFeatures needs ALTER on the cluster, as on Kafka; describing the features (ApiVersions) needs nothing. */
class UpdateFeaturesAclTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .secured(SaslMechanism.SCRAM_SHA_512)
            .user("admin", "admin-secret")
            .user("dave", "dave-secret")
            .authorizer("User:admin"));

    private static Map<String, Object> as(Broker broker, String user) {
        return new HashMap<>(broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, user, user + "-secret"));
    }

    @Test
    void updatingFeaturesNeedsAlterOnTheCluster() throws Exception {
        Map<String, FeatureUpdate> downgrade = Map.of("transaction.version",
                new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE));
        try (Admin dave = Admin.create(as(kafka.broker(), "dave"))) {
            assertTrue(dave.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .containsKey("transaction.version"));
            Throwable refused = assertThrows(ExecutionException.class, () -> dave.updateFeatures(downgrade,
                    new UpdateFeaturesOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(ClusterAuthorizationException.class, refused);
        }
        try (Admin admin = Admin.create(as(kafka.broker(), "admin"))) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster",
                    PatternType.LITERAL), new AccessControlEntry("User:dave", "*", AclOperation.ALTER,
                    AclPermissionType.ALLOW)))).all().get(30, TimeUnit.SECONDS);
        }
        try (Admin dave = Admin.create(as(kafka.broker(), "dave"))) {
            dave.updateFeatures(downgrade, new UpdateFeaturesOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
