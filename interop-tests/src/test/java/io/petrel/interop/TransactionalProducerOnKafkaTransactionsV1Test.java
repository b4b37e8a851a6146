package io.petrel.interop;

import io.petrel.producer.TransactionalProducerContract;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Petrel's transactional producer against a real Apache Kafka 4.3.1 whose finalized {@code transaction.version} is 1:
 * the producer must add each partition with AddPartitionsToTxn, each group with AddOffsetsToTxn, and keep Produce at
 * v11 and EndTxn at v4 (a version-2 Produce would not add the partition on this cluster, and the records would be
 * refused); the contract checks the producer saw version 1.
 *
 * <p>The broker is the run's second one ({@link TunedRealKafka}) rather than one of its own (each Kafka start costs
 * 10-20 s of CI time): the class lowers the level to 1 before its tests, as {@code kafka-features downgrade} would,
 * and puts 2 back after them; the classes sharing that broker run one after another in one JVM, so no other
 * class sees version 1.
 */
@ExtendWith(TunedRealKafka.class)
class TransactionalProducerOnKafkaTransactionsV1Test extends TransactionalProducerContract {
    private static final String TV = "transaction.version";
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void lowerTransactionsVersionTo1(RealKafkaBroker tuned) throws Exception {
        kafka = tuned;
        finalizeTransactionVersion(1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE);
    }

    @AfterAll
    static void putTransactionsVersion2Back() throws Exception {
        if (kafka != null) {
            finalizeTransactionVersion(2, FeatureUpdate.UpgradeType.UPGRADE);
        }
    }

    /** Updates the level and waits until the broker describes it: it learns the change a moment after the answer. */
    private static void finalizeTransactionVersion(int level, FeatureUpdate.UpgradeType type) throws Exception {
        try (Admin admin = Interop.admin(kafka.bootstrapServers())) {
            admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) level, type)), new UpdateFeaturesOptions())
                    .all().get(30, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(30), TV + " finalized at " + level, () -> {
                FinalizedVersionRange range = Interop.get(admin.describeFeatures().featureMetadata())
                        .finalizedFeatures().get(TV);
                return range != null && range.maxVersionLevel() == level;
            });
        }
    }

    @Override
    protected String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    protected int transactionVersion() {
        return 1;
    }
}
