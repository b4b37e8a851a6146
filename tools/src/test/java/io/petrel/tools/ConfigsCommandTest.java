package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel configs} against broker-stub: kafka-configs' describe blocks and alter messages, and its errors. */
@ExtendWith(PetrelBrokerExtension.class)
class ConfigsCommandTest {
    private static String bootstrap;
    private static String nodeId;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        nodeId = Integer.toString(broker.config().nodeId());
    }

    @Test
    void alterThenDescribeATopicsOverridesWithTheirSynonyms() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "configured").assertOk();
        assertEquals(List.of("Dynamic configs for topic configured are:"), configs("--describe", "--entity-type", "topics",
                "--entity-name", "configured").assertOk().outLines());
        assertEquals(List.of("Completed updating config for topic configured."), configs("--alter", "--entity-type", "topics",
                "--entity-name", "configured", "--add-config", "retention.ms=1000000,cleanup.policy=[compact,delete]")
                .assertOk().outLines());
        List<String> described = configs("--describe", "--entity-type", "topics", "--entity-name", "configured").assertOk().outLines();
        assertEquals(3, described.size(), String.join("\n", described));
        assertEquals(List.of("Dynamic configs for topic configured are:",
                        "  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete,"
                                + " DEFAULT_CONFIG:log.cleanup.policy=delete}"), described.subList(0, 2));
        assertTrue(described.get(2).startsWith("  retention.ms=1000000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000000"),
                described.get(2));

        configs("--alter", "--entity-type", "topics", "--entity-name", "configured", "--delete-config", "retention.ms").assertOk();
        List<String> all = configs("--describe", "--entity-type", "topics", "--entity-name", "configured", "--all").assertOk().outLines();
        assertEquals("All configs for topic configured are:", all.get(0));
        assertTrue(all.stream().anyMatch(l -> l.startsWith("  retention.ms=604800000 sensitive=false synonyms={")),
                String.join("\n", all));
        assertTrue(all.size() > 20, "every topic config: " + all.size());
        assertEquals(all.subList(1, all.size()).stream().sorted().toList(), all.subList(1, all.size()), "sorted by name");
    }

    @Test
    void badAltersAndMissingTopicsAreOneLineNamingTheValue() {
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "strict-configs").assertOk();
        String value = configs("--alter", "--entity-type", "topics", "--entity-name", "strict-configs", "--add-config", "retention.ms=abc")
                .assertOneLineError(1);
        assertTrue(value.startsWith("petrel configs: INVALID_CONFIG") && value.contains("abc") && value.contains("retention.ms"), value);
        String unknown = configs("--alter", "--entity-type", "topics", "--entity-name", "strict-configs", "--add-config", "no.such=1")
                .assertOneLineError(1);
        assertTrue(unknown.contains("INVALID_CONFIG") && unknown.contains("no.such"), unknown);
        assertEquals("petrel configs: The topic 'nosuch' doesn't exist and doesn't have dynamic config.",
                configs("--describe", "--entity-type", "topics", "--entity-name", "nosuch").assertOneLineError(1));
        assertTrue(configs("--alter", "--entity-type", "topics", "--entity-name", "nosuch", "--add-config", "retention.ms=1")
                .assertOneLineError(1).contains("UNKNOWN_TOPIC_OR_PARTITION"));

        assertTrue(configs("--describe", "--entity-type", "users").assertOneLineError(2)
                .contains("Invalid --entity-type 'users': expected topics or brokers"));
        assertTrue(configs("--alter", "--entity-type", "topics", "--entity-name", "strict-configs").assertOneLineError(2)
                .contains("--alter needs --add-config"));
        assertTrue(configs("--alter", "--entity-type", "topics", "--entity-name", "strict-configs", "--add-config", "retention.ms")
                .assertOneLineError(2).contains("Invalid --add-config entry 'retention.ms': expected KEY=VALUE"));
        assertTrue(configs("--describe", "--entity-type", "brokers", "--entity-name", "one").assertOneLineError(2)
                .contains("Invalid --entity-name 'one' for brokers: expected a broker's node id"));
        assertTrue(configs("--describe", "--entity-type", "topics", "--entity-default").assertOneLineError(2)
                .contains("--entity-default applies to --entity-type brokers only"));
    }

    @Test
    void describeABrokerListsItsDynamicConfigsOrWithAllEveryOne() {
        assertEquals("Dynamic configs for broker " + nodeId + " are:", configs("--describe", "--entity-type", "brokers",
                "--entity-name", nodeId).assertOk().outLines().get(0));
        List<String> all = configs("--describe", "--entity-type", "brokers", "--entity-name", nodeId, "--all").assertOk().outLines();
        assertEquals("All configs for broker " + nodeId + " are:", all.get(0));
        assertTrue(all.stream().anyMatch(l -> l.startsWith("  auto.create.topics.enable=true sensitive=false synonyms={")),
                String.join("\n", all));
        List<String> every = configs("--describe", "--entity-type", "brokers").assertOk().outLines();
        assertTrue(every.contains("Dynamic configs for broker " + nodeId + " are:")
                && every.contains("Default configs for brokers in the cluster are:"), String.join("\n", every));
    }

    @Test
    void alterABrokerAndTheClusterDefaultsAsKafkaConfigsDoes() {
        assertEquals(List.of("Completed updating config for broker " + nodeId + "."), configs("--alter", "--entity-type", "brokers",
                "--entity-name", nodeId, "--add-config", "log.retention.ms=7200000").assertOk().outLines());
        assertEquals(List.of("Completed updating default config for brokers in the cluster."), configs("--alter", "--entity-type",
                "brokers", "--entity-default", "--add-config", "log.segment.bytes=20971520").assertOk().outLines());
        try {
            assertEquals(List.of("Dynamic configs for broker " + nodeId + " are:",
                            "  log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=7200000,"
                                    + " DEFAULT_CONFIG:log.retention.hours=168}"),
                    configs("--describe", "--entity-type", "brokers", "--entity-name", nodeId).assertOk().outLines());
            assertEquals(List.of("Default configs for brokers in the cluster are:",
                            "  log.segment.bytes=20971520 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.segment.bytes=20971520}"),
                    configs("--describe", "--entity-type", "brokers", "--entity-default").assertOk().outLines());
            Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "takes-broker-defaults").assertOk();
            List<String> topic = configs("--describe", "--entity-type", "topics", "--entity-name", "takes-broker-defaults", "--all")
                    .assertOk().outLines();
            assertTrue(topic.stream().anyMatch(l -> l.startsWith("  retention.ms=7200000 sensitive=false"
                    + " synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=7200000")), String.join("\n", topic));

            String fixed = configs("--alter", "--entity-type", "brokers", "--entity-name", nodeId, "--add-config", "broker.id=5")
                    .assertOneLineError(1);
            assertTrue(fixed.startsWith("petrel configs: INVALID_REQUEST") && fixed.contains("Cannot update these configs dynamically: [broker.id]"),
                    fixed);
            String bad = configs("--alter", "--entity-type", "brokers", "--entity-name", nodeId, "--add-config", "log.retention.ms=abc")
                    .assertOneLineError(1);
            assertTrue(bad.contains("Invalid value abc for configuration log.retention.ms"), bad);
        } finally {
            configs("--alter", "--entity-type", "brokers", "--entity-name", nodeId, "--delete-config", "log.retention.ms").assertOk();
            configs("--alter", "--entity-type", "brokers", "--entity-default", "--delete-config", "log.segment.bytes").assertOk();
        }
        assertEquals(List.of("Dynamic configs for broker " + nodeId + " are:"),
                configs("--describe", "--entity-type", "brokers", "--entity-name", nodeId).assertOk().outLines());
    }

    private static Cli.Run configs(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "configs";
        all[1] = "--bootstrap-server";
        all[2] = bootstrap;
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }
}
