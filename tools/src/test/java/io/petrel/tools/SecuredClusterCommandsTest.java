package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.Fault;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.broker.security.Listener;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SslClientAuth;
import io.petrel.broker.tls.StoreType;
import io.petrel.protocol.ApiKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.petrel.broker.security.SecurityProtocol.SASL_SSL;
import static io.petrel.broker.security.SecurityProtocol.SSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every client command against a secured cluster (broker-stub's SASL_SSL and mutual-TLS listeners) with the
 * client.properties a kafka-clients user already has, given as Kafka's console tools take it: {@code
 * --command-config FILE}, or {@code --producer.config} / {@code --consumer.config}.
 */
class SecuredClusterCommandsTest {
    @RegisterExtension
    static final PetrelBrokerExtension kafka = PetrelBrokerExtension.configured(b -> b
            .listener(Listener.of(SASL_SSL))
            .listener(Listener.of(SSL).withClientAuth(SslClientAuth.REQUIRED))
            .saslMechanisms(SaslMechanism.values())
            .user("alice", "alice-secret"));

    @TempDir
    Path dir;

    @Test
    void everyCommandWorksWithAClientPropertiesFileForSaslSsl() throws IOException {
        Broker broker = kafka.broker();
        String bootstrap = broker.bootstrapServers("SASL_SSL");
        Map<String, String> settings = saslSsl(broker, SaslMechanism.SCRAM_SHA_512, "alice-secret");
        // A shared file holds settings of both clients, as Confluent's generated client.properties does.
        settings.put("acks", "all");
        settings.put("session.timeout.ms", "45000");
        String file = write("client.properties", settings);

        Cli.run("topics", "--bootstrap-server", bootstrap, "--command-config", file, "--create", "--topic", "secure",
                "--partitions", "1").assertOk();
        assertTrue(Cli.run("topics", "--bootstrap-server", bootstrap, "--command-config", file, "--list").assertOk()
                .outLines().contains("secure"));
        Cli.runWithInput("a\nb\nc\n", "produce", "--bootstrap-server", bootstrap, "--topic", "secure",
                "--producer.config", file).assertOk();
        Cli.Run consumed = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "secure", "--from-beginning",
                "--max-messages", "3", "--group", "readers", "--consumer.config", file);
        assertEquals(0, consumed.exitCode(), consumed.transcript());
        assertEquals(List.of("a", "b", "c"), consumed.outLines());
        assertTrue(Cli.run("groups", "--bootstrap-server", bootstrap, "--command-config", file, "--list").assertOk()
                .outLines().contains("readers"));
        Cli.run("perf", "produce", "--bootstrap-server", bootstrap, "--topic", "secure", "--records", "100",
                "--record-size", "10", "--throughput", "-1", "--command-config", file).assertOk();
        Cli.run("perf", "consume", "--bootstrap-server", bootstrap, "--topic", "secure", "--records", "103",
                "--command-config", file).assertOk();
    }

    /**
     * The connection setup deadline covers TCP, TLS, ApiVersions and SASL: a secured cluster whose SASL answer takes
     * longer than the 3 s a PLAINTEXT connection gets (a distant or busy one) is still reached.
     */
    @Test
    void aSaslAnswerSlowerThanThePlaintextConnectTimeoutStillConnects() throws IOException {
        Broker broker = kafka.broker();
        Map<String, String> settings = saslSsl(broker, SaslMechanism.PLAIN, "alice-secret");
        String file = write("slow.properties", settings);
        Fault slowSasl = broker.faults().delayResponses(ApiKey.SASL_HANDSHAKE, Duration.ofMillis(3_500), 100);
        try {
            Cli.run("topics", "--bootstrap-server", broker.bootstrapServers("SASL_SSL"), "--command-config", file,
                    "--list").assertOk();
            assertTrue(slowSasl.fired() >= 1, "the SaslHandshake answer was delayed");
        } finally {
            slowSasl.cancel();
        }
    }

    @Test
    void mutualTlsFromTheFileAndSettingsOverItFromCommandProperties() throws IOException {
        Broker broker = kafka.broker();
        String bootstrap = broker.bootstrapServers("SSL");
        Map<String, String> settings = new HashMap<>(broker.clientProperties("SSL"));
        settings.remove("bootstrap.servers");
        settings.putAll(broker.certificates().clientKeyStore("alice").kafkaProperties(StoreType.PKCS12));
        settings.put("ssl.keystore.password", "not-the-password");
        String file = write("mtls.properties", settings);
        String password = broker.certificates().clientKeyStore("alice").password();

        Cli.run("topics", "--bootstrap-server", bootstrap, "--command-config", file,
                "--command-property", "ssl.keystore.password=" + password,
                "--create", "--topic", "mtls", "--partitions", "1").assertOk();
        Cli.runWithInput("x\n", "produce", "--bootstrap-server", bootstrap, "--topic", "mtls", "--command-config", file,
                "--command-property", "ssl.keystore.password=" + password).assertOk();
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheMechanismAndNoSecret() throws IOException {
        Broker broker = kafka.broker();
        Map<String, String> settings = saslSsl(broker, SaslMechanism.PLAIN, "wrong-pw");
        String line = Cli.run("topics", "--bootstrap-server", broker.bootstrapServers("SASL_SSL"), "--command-config",
                write("wrong.properties", settings), "--list").assertOneLineError(1);
        assertTrue(line.contains("PLAIN") && line.contains("Invalid username or password"), line);
        assertFalse(line.contains("wrong-pw"), line);
    }

    @Test
    void settingsNoPetrelClientTakesAreNamedInAWarningAndLeftOut() throws IOException {
        Broker broker = kafka.broker();
        Map<String, String> settings = saslSsl(broker, SaslMechanism.PLAIN, "alice-secret");
        settings.put("sasl.kerberos.service.name", "kafka");
        settings.put("enable.metrics.push", "false");
        Cli.Run run = Cli.run("topics", "--bootstrap-server", broker.bootstrapServers("SASL_SSL"), "--command-config",
                write("extra.properties", settings), "--list");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals(List.of("petrel topics: warning: ignoring settings no Petrel client takes: enable.metrics.push, "
                + "sasl.kerberos.service.name"), run.errLines());
    }

    @Test
    void aMissingFileIsAUsageError() {
        String line = Cli.run("topics", "--bootstrap-server", kafka.broker().bootstrapServers("SASL_SSL"),
                "--command-config", dir.resolve("absent.properties").toString(), "--list").assertOneLineError(2);
        assertTrue(line.contains("absent.properties") && line.contains("does not exist"), line);
    }

    /** The SASL_SSL client settings for alice with this password, but the bootstrap servers (given on the command line). */
    private static Map<String, String> saslSsl(Broker broker, SaslMechanism mechanism, String password) {
        Map<String, String> settings = new HashMap<>(broker.clientProperties("SASL_SSL", mechanism, "alice", password));
        settings.remove("bootstrap.servers");
        return settings;
    }

    private String write(String name, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "client settings");
        }
        return file.toString();
    }
}
