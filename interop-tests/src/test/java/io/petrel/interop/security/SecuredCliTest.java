package io.petrel.interop.security;

import io.petrel.tools.Petrel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code petrel} command line over every {@link SecurityMode} on both secured brokers, configured as Kafka's
 * tools are: a user's {@code client.properties} (Kafka's keys, written here as a user would) given with
 * {@code --command-config}, or {@code --producer.config} / {@code --consumer.config}. topics creates, lists and
 * describes; produce sends keyed lines; consume reads them back in a group.
 */
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("io.petrel.interop.security.SecuredContractRuns#brokersAndModes")
@ExtendWith(SecuredBrokersExtension.class)
class SecuredCliTest {
    private static final int LINES = 100;
    private static SecuredBrokers brokers;

    @Parameter(0)
    BrokerKind kind;
    @Parameter(1)
    SecurityMode mode;
    @TempDir
    Path dir;
    private String bootstrap;
    private String clientProperties;

    @BeforeAll
    static void securedBrokers(SecuredBrokers shared) {
        brokers = shared;
    }

    @BeforeEach
    void writeClientProperties() throws IOException {
        bootstrap = brokers.get(kind).bootstrapServers(mode);
        Properties props = new Properties();
        props.putAll(mode.clientConfig(User.ADMIN, brokers.tls()));
        Path file = dir.resolve("client.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "admin over " + mode);
        }
        clientProperties = file.toString();
    }

    /** What one run printed. */
    private record Run(String command, int exitCode, String out, String err) {
        Run assertOk() {
            assertEquals(0, exitCode, this::transcript);
            return this;
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        String transcript() {
            return "$ petrel " + command + "\n(exit " + exitCode + ")\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private Run petrel(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Petrel.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(String.join(" ", args), code, out.toString(), err.toString());
    }

    /** {@code petrel <command> --bootstrap-server B <configFlag> client.properties <args>}. */
    private Run secured(String stdin, String command, String configFlag, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--bootstrap-server", bootstrap, configFlag, clientProperties));
        all.addAll(Arrays.asList(args));
        return petrel(stdin, all.toArray(String[]::new));
    }

    @Test
    void topicsProduceAndConsumeWithCommandConfig() {
        String topic = "secured-cli-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(List.of("Created topic " + topic + "."), secured("", "topics", "--command-config", "--create",
                "--topic", topic, "--partitions", "2").assertOk().outLines());
        assertTrue(secured("", "topics", "--command-config", "--list").assertOk().outLines().contains(topic));
        Run described = secured("", "topics", "--command-config", "--describe", "--topic", topic).assertOk();
        assertTrue(described.outLines().get(0).contains("PartitionCount: 2"), described::transcript);

        List<String> lines = IntStream.range(0, LINES).mapToObj(i -> "k" + i + ":v" + i).toList();
        secured(String.join("\n", lines) + "\n", "produce", "--command-config", "--topic", topic,
                "--property", "parse.key=true", "--property", "key.separator=:").assertOk();
        Run consumed = secured("", "consume", "--command-config", "--topic", topic, "--group", topic + "-group",
                "--from-beginning", "--max-messages", Integer.toString(LINES), "--property", "print.key=true",
                "--property", "key.separator=:");
        assertEquals(0, consumed.exitCode(), consumed::transcript);
        assertEquals(lines.stream().sorted().toList(), consumed.outLines().stream().sorted().toList(),
                consumed::transcript);
    }

    @Test
    void produceAndConsumeTakeKafkasProducerAndConsumerConfigFlags() {
        String topic = "secured-cli-flags-" + UUID.randomUUID().toString().substring(0, 8);
        secured("", "topics", "--command-config", "--create", "--topic", topic, "--partitions", "1").assertOk();
        secured("a\nb\nc\n", "produce", "--producer.config", "--topic", topic).assertOk();
        Run consumed = secured("", "consume", "--consumer.config", "--topic", topic, "--from-beginning",
                "--max-messages", "3");
        assertEquals(List.of("a", "b", "c"), consumed.outLines(), consumed::transcript);
    }
}
