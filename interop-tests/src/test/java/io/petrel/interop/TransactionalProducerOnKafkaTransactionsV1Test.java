package io.petrel.interop;

import io.petrel.producer.TransactionalProducerContract;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/**
 * Petrel's transactional producer against a real Apache Kafka 4.3.1 formatted with {@code transaction.version=1}:
 * the cluster's finalized features say version 1, so the producer must add each partition with AddPartitionsToTxn,
 * each group with AddOffsetsToTxn, and keep Produce at v11 and EndTxn at v4 (a version-2 Produce would not add the
 * partition on this cluster, and the records would be refused). Its own broker, since the shared one runs
 * version 2; one more JVM for this class only.
 */
class TransactionalProducerOnKafkaTransactionsV1Test extends TransactionalProducerContract {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void startKafkaWithTransactionsVersion1() {
        kafka = RealKafkaBroker.builder().formatArguments(List.of("--feature", "transaction.version=1")).start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
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
