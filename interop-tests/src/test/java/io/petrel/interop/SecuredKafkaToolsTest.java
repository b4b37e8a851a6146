package io.petrel.interop;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.security.SaslMechanism;
import org.apache.kafka.tools.AclCommand;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's own tools (kafka-tools 4.3.1: kafka-acls, kafka-topics, kafka-console-producer/consumer) against
 * broker-stub's secured listener, each given a client.properties file with {@code --command-config}, as a user
 * runs them against a secured cluster: SASL_SSL with SCRAM-SHA-512, a throwaway CA, ACLs enforced with
 * {@code User:admin} a super user.
 */
class SecuredKafkaToolsTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .secured(SaslMechanism.SCRAM_SHA_512)
            .user("admin", "admin-secret")
            .user("alice", "alice-secret")
            .authorizer("User:admin"));

    @TempDir
    static Path configs;

    private static String bootstrap;
    private static Path admin;
    private static Path alice;

    @BeforeAll
    static void writeClientProperties() throws IOException {
        Broker broker = kafka.broker();
        bootstrap = broker.bootstrapServers("SASL_SSL");
        admin = write("admin.properties", broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, "admin",
                "admin-secret"));
        alice = write("alice.properties", broker.clientProperties("SASL_SSL", SaslMechanism.SCRAM_SHA_512, "alice",
                "alice-secret"));
    }

    @Test
    void kafkaAclsGrantsAPrefixAndTheConsoleToolsWorkWithinItOnly() {
        KafkaTools.Run grant = acls(admin, "--add", "--allow-principal", "User:alice", "--operation", "Write",
                "--operation", "Read", "--topic", "alice-", "--resource-pattern-type", "prefixed");
        assertSucceeded(grant);
        assertSucceeded(acls(admin, "--add", "--allow-principal", "User:alice", "--operation", "Read",
                "--group", "alice-", "--resource-pattern-type", "prefixed"));

        KafkaTools.Run list = acls(admin, "--list", "--topic", "alice-", "--resource-pattern-type", "prefixed");
        assertSucceeded(list);
        assertTrue(list.out().contains("ResourcePattern(resourceType=TOPIC, name=alice-, patternType=PREFIXED)"),
                list::transcript);
        assertTrue(list.out().contains("(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)"),
                list::transcript);
        assertTrue(list.out().contains("(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)"),
                list::transcript);

        assertSucceeded(topics(admin, "--create", "--topic", "alice-tools", "--partitions", "1"));
        assertSucceeded(topics(admin, "--create", "--topic", "bob-tools", "--partitions", "1"));

        List<String> lines = IntStream.range(0, 10).mapToObj(i -> "line " + i).toList();
        KafkaTools.Run produced = produce(alice, "alice-tools", lines);
        assertSucceeded(produced);
        KafkaTools.Run consumed = KafkaTools.run(ConsoleConsumer::main, null, "--bootstrap-server", bootstrap,
                "--command-config", alice.toString(), "--topic", "alice-tools", "--group", "alice-tools-group",
                "--from-beginning", "--max-messages", Integer.toString(lines.size()), "--timeout-ms", "30000");
        assertSucceeded(consumed);
        assertEquals(lines, consumed.outLines(), consumed::transcript);

        // ConsoleProducer exits 0 even when every record failed; what it says is the test.
        KafkaTools.Run refused = produce(alice, "bob-tools", List.of("not allowed"));
        assertTrue(refused.err().contains("TopicAuthorizationException"), refused::transcript);
        assertTrue(refused.err().contains("bob-tools"), refused::transcript);

        KafkaTools.Run listTopics = topics(alice, "--list");
        assertSucceeded(listTopics);
        assertEquals(List.of("alice-tools"), listTopics.outLines(), "alice sees only the topics she may describe");

        KafkaTools.Run revoke = acls(admin, "--remove", "--force", "--allow-principal", "User:alice", "--operation",
                "Write", "--topic", "alice-", "--resource-pattern-type", "prefixed");
        assertSucceeded(revoke);
        KafkaTools.Run after = acls(admin, "--list", "--topic", "alice-", "--resource-pattern-type", "prefixed");
        assertFalse(after.out().contains("operation=WRITE"), after::transcript);
        assertTrue(after.out().contains("operation=READ"), after::transcript);
    }

    @Test
    void kafkaAclsAsAUserWithoutClusterRightsIsRefused() {
        KafkaTools.Run list = acls(alice, "--list");
        assertTrue((list.out() + list.err()).contains("ClusterAuthorizationException"), list::transcript);
    }

    private static KafkaTools.Run acls(Path config, String... args) {
        return KafkaTools.run(AclCommand::main, null, withClient(config, args));
    }

    private static KafkaTools.Run topics(Path config, String... args) {
        return KafkaTools.run(TopicCommand::main, null, withClient(config, args));
    }

    private static KafkaTools.Run produce(Path config, String topic, List<String> lines) {
        KafkaTools.Run run = KafkaTools.run(ConsoleProducer::main, String.join("\n", lines) + "\n",
                "--bootstrap-server", bootstrap, "--command-config", config.toString(), "--topic", topic);
        run.runShutdownHooks(); // closes its producer, which sends what it still holds
        return run;
    }

    private static String[] withClient(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--command-config", config.toString()));
        all.addAll(Arrays.asList(args));
        return all.toArray(String[]::new);
    }

    private static Path write(String name, Map<String, String> properties) throws IOException {
        Properties p = new Properties();
        p.putAll(properties);
        Path file = configs.resolve(name);
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        return file;
    }

    private static void assertSucceeded(KafkaTools.Run run) {
        assertEquals(0, run.exitCode(), run::transcript);
        assertFalse(run.err().contains("Exception"), run::transcript);
    }
}
