package io.petrel.interop.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * UpdateFeatures under an authorizer, on both secured brokers with the same assertions: {@link User#ALICE}, who has
 * no right on the cluster, may describe the features (ApiVersions needs none) but an update is refused with a cluster
 * authorization error; the admin super user's is accepted. Every update here is validateOnly, so the shared
 * brokers' levels stay as they are.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class FeatureUpdatesOnSecuredBrokersTest {
    private static final SecurityMode MODE = SecurityMode.SASL_SSL_SCRAM_SHA_512;
    private static final Map<String, FeatureUpdate> DOWNGRADE = Map.of("transaction.version",
            new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE));

    @Parameter
    BrokerKind kind;
    private SecuredBroker broker;

    @BeforeEach
    void connect(SecuredBrokers brokers) {
        broker = brokers.get(kind);
    }

    private Admin as(User user) {
        return Admin.create(new HashMap<>(broker.clientConfig(MODE, user)));
    }

    @Test
    void updatingFeaturesNeedsAlterOnTheCluster() throws Exception {
        try (Admin alice = as(User.ALICE)) {
            assertEquals(2, alice.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .get("transaction.version").maxVersionLevel());
            Throwable refused = assertThrows(ExecutionException.class, () -> alice.updateFeatures(DOWNGRADE,
                    new UpdateFeaturesOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(ClusterAuthorizationException.class, refused, broker.name());
        }
        try (Admin admin = as(User.ADMIN)) {
            admin.updateFeatures(DOWNGRADE, new UpdateFeaturesOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
