package io.petrel.interop;

import io.petrel.interop.security.AliceAcls;
import io.petrel.interop.security.BrokerKind;
import io.petrel.interop.security.SecuredBroker;
import io.petrel.interop.security.SecuredBrokers;
import io.petrel.interop.security.SecuredBrokersExtension;
import io.petrel.interop.security.SecurityMode;
import io.petrel.interop.security.User;
import org.apache.kafka.tools.AclCommand;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's own command-line tools, given a user's {@code client.properties} with {@code --command-config}, against
 * both secured brokers: kafka-topics, the console producer and consumer (in a group) over SASL_SSL SCRAM-SHA-512,
 * and kafka-acls adding, listing and removing an ACL as the super user.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
@ExtendWith(SecuredBrokersExtension.class)
class KafkaToolsOnSecuredBrokersTest {
    private static final SecurityMode MODE = SecurityMode.SASL_SSL_SCRAM_SHA_512;

    @Parameter
    BrokerKind kind;
    @TempDir
    Path dir;
    private SecuredBroker broker;
    private String bootstrap;
    private String commandConfig;

    @BeforeEach
    void clientProperties(SecuredBrokers brokers) throws IOException {
        broker = brokers.get(kind);
        bootstrap = broker.bootstrapServers(MODE);
        Properties props = new Properties();
        props.putAll(MODE.clientConfig(User.ADMIN, broker.tls()));
        Path file = dir.resolve("client.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "admin over " + MODE);
        }
        commandConfig = file.toString();
    }

    @Test
    void consoleProducerAndConsumerRoundTrip() {
        String topic = "secured-tools-" + UUID.randomUUID().toString().substring(0, 8);
        assertSucceeded(tool(TopicCommand::main, null, "--create", "--topic", topic, "--partitions", "1"));
        List<String> lines = IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList();
        KafkaTools.Run produce = tool(ConsoleProducer::main, String.join("\n", lines) + "\n", "--topic", topic);
        produce.runShutdownHooks(); // closes its producer, which sends what it still holds
        assertSucceeded(produce);
        KafkaTools.Run consume = tool(ConsoleConsumer::main, null, "--topic", topic, "--group", topic + "-group",
                "--from-beginning", "--max-messages", "20", "--timeout-ms", "30000");
        assertSucceeded(consume);
        assertEquals(lines, consume.outLines(), consume::transcript);
    }

    @Test
    void kafkaAclsAddsListsAndRemovesAnAcl() {
        String topic = AliceAcls.PREFIX + "tools-" + UUID.randomUUID().toString().substring(0, 8);
        String[] acl = {"--allow-principal", User.ALICE.kafkaPrincipal(), "--operation", "Alter", "--topic", topic};
        assertSucceeded(tool(AclCommand::main, null, concat(new String[]{"--add"}, acl)));
        KafkaTools.Run list = tool(AclCommand::main, null, "--list", "--topic", topic);
        assertSucceeded(list);
        assertTrue(list.out().contains("principal=" + User.ALICE.kafkaPrincipal()) && list.out().contains("operation=ALTER"),
                list::transcript);
        assertSucceeded(tool(AclCommand::main, null, concat(new String[]{"--remove", "--force"}, acl)));
        KafkaTools.Run after = tool(AclCommand::main, null, "--list", "--topic", topic);
        assertFalse(after.out().contains("operation=ALTER"), after::transcript);
    }

    private KafkaTools.Run tool(KafkaTools.Main main, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--command-config", commandConfig));
        all.addAll(Arrays.asList(args));
        return KafkaTools.run(main, stdin, all.toArray(String[]::new));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void assertSucceeded(KafkaTools.Run run) {
        assertEquals(0, run.exitCode(), () -> broker.name() + "\n" + run.transcript());
        assertFalse(run.err().contains("Exception"), () -> broker.name() + "\n" + run.transcript());
    }
}
