package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code produce}, {@code consume} and {@code perf produce} on a topic that does not exist: as Kafka's tools, the
 * broker's {@code auto.create.topics.enable} decides. On, the topic is created with the broker's num.partitions
 * and the command works; off, the command fails with one line naming the topic and the setting.
 */
class MissingTopicCommandsTest {

    @Test
    void aBrokerThatCreatesTopicsOnUseGetsTheTopicWithItsDefaultPartitionCount() {
        try (Broker broker = Broker.start(BrokerConfig.builder().numPartitions(2).build())) {
            String bootstrap = broker.bootstrapServers();
            Cli.runWithInput("a\nb\n", "produce", "--bootstrap-server", bootstrap, "--topic", "made-by-produce").assertOk();
            List<String> described = Cli.run("topics", "--bootstrap-server", bootstrap, "--describe", "--topic", "made-by-produce")
                    .assertOk().outLines();
            assertTrue(described.get(0).contains("PartitionCount: 2\t"), String.join("\n", described));
            assertEquals(2, ProduceCommandTest.readAll(bootstrap, "made-by-produce", 2, 2).size());

            Cli.Run consume = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "made-by-consume", "--timeout-ms", "500");
            assertEquals(0, consume.exitCode(), consume.transcript());
            assertEquals("Processed a total of 0 messages\n", consume.err(), consume.transcript());
            assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines().contains("made-by-consume"));

            Cli.Run perf = Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "made-by-perf", "--records", "100",
                    "--record-size", "10", "--throughput", "-1");
            assertEquals(0, perf.exitCode(), perf.transcript());
            assertTrue(perf.outLines().get(perf.outLines().size() - 1).startsWith("100 records sent"), perf.transcript());
        }
    }

    @Test
    void aBrokerThatDoesNotCreateTopicsOnUseIsOneLineNamingTheTopicAndTheSetting() {
        try (Broker broker = Broker.start(BrokerConfig.builder().autoCreateTopics(false).build())) {
            String bootstrap = broker.bootstrapServers();
            for (String[] command : List.of(
                    new String[]{"produce", "--bootstrap-server", bootstrap, "--topic", "nowhere"},
                    new String[]{"consume", "--bootstrap-server", bootstrap, "--topic", "nowhere", "--timeout-ms", "500"},
                    new String[]{"perf", "produce", "--bootstrap-server", bootstrap, "--topic", "nowhere", "--records", "10",
                            "--record-size", "10", "--throughput", "-1"})) {
                String error = Cli.runWithInput("x\n", command).assertOneLineError(1);
                assertTrue(error.contains("UNKNOWN_TOPIC_OR_PARTITION") && error.contains("'nowhere'")
                        && error.contains("auto.create.topics.enable=false"), error);
            }
            assertEquals(List.of(), Cli.run("topics", "--bootstrap-server", bootstrap, "--list").assertOk().outLines());
        }
    }
}
