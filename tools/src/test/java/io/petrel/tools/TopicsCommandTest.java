package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel topics} against broker-stub: what kafka-topics users expect to see. */
@ExtendWith(PetrelBrokerExtension.class)
class TopicsCommandTest {
    private static final Pattern DESCRIBE = Pattern.compile(
            "Topic: (\\S+)\tTopicId: ([A-Za-z0-9_-]{22})\tPartitionCount: (\\d+)\tReplicationFactor: (\\d+)\tConfigs: (.*)");
    private static String bootstrap;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
    }

    @Test
    void createsListsDescribesAndDeletesATopic() {
        Cli.Run created = Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "orders",
                "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=60000",
                "--config", "cleanup.policy=delete").assertOk();
        assertEquals(List.of("Created topic orders."), created.outLines());

        assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains("orders"));

        List<String> described = Cli.run("topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "orders")
                .assertOk().outLines();
        assertEquals(4, described.size(), String.join("\n", described));
        Matcher header = DESCRIBE.matcher(described.get(0));
        assertTrue(header.matches(), described.get(0));
        assertEquals("orders", header.group(1));
        assertEquals("3", header.group(3));
        assertEquals("1", header.group(4));
        assertTrue(header.group(5).contains("retention.ms=60000"), header.group(5));
        assertTrue(header.group(5).contains("cleanup.policy=delete"), header.group(5));
        for (int p = 0; p < 3; p++) {
            assertEquals("\tTopic: orders\tPartition: " + p + "\tLeader: 1\tReplicas: 1\tIsr: 1", described.get(p + 1));
        }

        assertEquals("", Cli.run("topics", "--bootstrap-server", bootstrap, "--delete", "--topic", "orders").assertOk().out());
        assertFalse(Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains("orders"));
    }

    @Test
    void describeWithoutATopicDescribesEveryTopicAndListIsSorted() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "zeta", "--partitions", "1").assertOk();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "alpha", "--partitions", "2").assertOk();

        List<String> names = Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines();
        assertTrue(names.indexOf("alpha") >= 0 && names.indexOf("alpha") < names.indexOf("zeta"), names.toString());

        List<String> headers = Cli.run("topics", "--bootstrap-server", bootstrap, "--describe").assertOk().outLines()
                .stream().filter(l -> l.startsWith("Topic: ")).toList();
        assertTrue(headers.stream().anyMatch(l -> l.startsWith("Topic: alpha\t") && l.contains("PartitionCount: 2\t")), headers.toString());
        assertTrue(headers.stream().anyMatch(l -> l.startsWith("Topic: zeta\t") && l.contains("PartitionCount: 1\t")), headers.toString());
    }

    @Test
    void alterAddsPartitionsAndRefusesToShrinkATopic() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "growing", "--partitions", "1").assertOk();
        assertEquals("", Cli.run("topics", "--bootstrap-server", bootstrap, "--alter", "--topic", "growing",
                "--partitions", "4").assertOk().out());
        assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "growing").assertOk()
                .outLines().get(0).contains("PartitionCount: 4\t"));

        String shrink = Cli.run("topics", "--bootstrap-server", bootstrap, "--alter", "--topic", "growing",
                "--partitions", "2").assertOneLineError(1);
        assertTrue(shrink.startsWith("petrel topics: INVALID_PARTITIONS") && shrink.contains("growing"), shrink);
        String missing = Cli.run("topics", "--bootstrap-server", bootstrap, "--alter", "--topic", "absent-topic",
                "--partitions", "2").assertOneLineError(1);
        assertTrue(missing.startsWith("petrel topics: UNKNOWN_TOPIC_OR_PARTITION") && missing.contains("absent-topic"), missing);
        Cli.run("topics", "--bootstrap-server", bootstrap, "--alter", "--topic", "absent-topic", "--partitions", "2",
                "--if-exists").assertOk();
        String noCount = Cli.run("topics", "--bootstrap-server", bootstrap, "--alter", "--topic", "growing").assertOneLineError(2);
        assertTrue(noCount.contains("--partitions"), noCount);
    }

    @Test
    void creatingAnExistingTopicNamesTheBrokersError() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "twice").assertOk();
        String error = Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "twice").assertOneLineError(1);
        assertTrue(error.startsWith("petrel topics: TOPIC_ALREADY_EXISTS"), error);
        assertTrue(error.contains("twice"), error);

        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "twice", "--if-not-exists").assertOk();
    }

    @Test
    void anUnknownTopicIsOneLineNamingIt() {
        String describe = Cli.run("topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "missing")
                .assertOneLineError(1);
        assertEquals("petrel topics: UNKNOWN_TOPIC_OR_PARTITION: Topic 'missing' does not exist", describe);
        String delete = Cli.run("topics", "--bootstrap-server", bootstrap, "--delete", "--topic", "missing").assertOneLineError(1);
        assertTrue(delete.contains("UNKNOWN_TOPIC_OR_PARTITION") && delete.contains("missing"), delete);
        Cli.run("topics", "--bootstrap-server", bootstrap, "--delete", "--topic", "missing", "--if-exists").assertOk();
    }

    @Test
    void aBadTopicConfigIsTheBrokersErrorInOneLine() {
        String error = Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "badconfig",
                "--config", "retention.ms=soon").assertOneLineError(1);
        assertTrue(error.startsWith("petrel topics: INVALID_CONFIG"), error);
    }
}
