package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petrel transactions} against broker-stub's transaction coordinator, with a transaction opened and then
 * committed by Petrel's transactional producer: Kafka's kafka-transactions columns, tab separated.
 */
@ExtendWith(PetrelBrokerExtension.class)
class TransactionsCommandTest {
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "ledger", "--partitions", "2").assertOk();
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split("\\s+"));
    }

    @Test
    void listAndDescribeShowAnOpenTransactionThenItsCommit() {
        try (Producer<String, String> producer = Producer.builder(new StringSerializer(), new StringSerializer())
                .bootstrapServers(bootstrap).transactionalId("ledger-writer").transactionTimeout(java.time.Duration.ofSeconds(30))
                .build()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(ProducerRecord.<String, String>builder("ledger").partition(1).value("entry").build());
            producer.flush();

            List<String> list = Cli.run("transactions", "--bootstrap-server", bootstrap, "--list").assertOk().outLines();
            assertEquals(List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState"), cells(list.get(0)));
            assertTrue(list.get(0).endsWith("\t") && list.get(0).contains("\t"), "cells end with a tab: " + list);
            String row = list.stream().filter(l -> l.startsWith("ledger-writer")).findFirst().orElseThrow();
            assertEquals("Ongoing", cells(row).get(3), list.toString());

            List<String> open = Cli.run("transactions", "--bootstrap-server", bootstrap, "--describe",
                    "--transactional-id", "ledger-writer").assertOk().outLines();
            assertEquals(List.of("CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch", "TransactionState",
                    "TransactionTimeoutMs", "CurrentTransactionStartTimeMs", "TransactionDurationMs", "TopicPartitions"),
                    cells(open.get(0)));
            List<String> described = cells(open.get(1));
            assertEquals("ledger-writer", described.get(1));
            assertEquals("Ongoing", described.get(4));
            assertEquals("30000", described.get(5));
            assertTrue(Long.parseLong(described.get(6)) > 0 && Long.parseLong(described.get(7)) >= 0, open.toString());
            assertEquals("ledger-1", described.get(8));

            producer.commitTransaction();
            List<String> done = cells(Cli.run("transactions", "--bootstrap-server", bootstrap, "--describe",
                    "--transactional-id", "ledger-writer").assertOk().outLines().get(1));
            assertEquals("CompleteCommit", done.get(4));
            assertEquals(List.of("None", "None"), done.subList(6, 8), "no transaction open, no start time");
            assertEquals(8, done.size(), "and no partitions: " + done);
        }
    }

    @Test
    void anUnknownTransactionalIdIsOneLineAndAMissingOneAUsageError() {
        String unknown = Cli.run("transactions", "--bootstrap-server", bootstrap, "--describe", "--transactional-id",
                "nobody").assertOneLineError(1);
        assertTrue(unknown.contains("TRANSACTIONAL_ID_NOT_FOUND"), unknown);
        String missing = Cli.run("transactions", "--bootstrap-server", bootstrap, "--describe").assertOneLineError(2);
        assertTrue(missing.contains("--transactional-id"), missing);
    }
}
