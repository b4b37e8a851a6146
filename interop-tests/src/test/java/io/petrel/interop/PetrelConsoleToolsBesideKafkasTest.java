package io.petrel.interop;

import io.petrel.interop.realkafka.RealKafkaExtension;
import io.petrel.testsupport.RealKafkaBroker;
import io.petrel.tools.Petrel;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code petrel produce} and {@code petrel consume} beside kafka-console-producer and kafka-console-consumer on a real
 * Apache Kafka 4.3.1: the same input lines (headers, keys, null markers) make the same records, and the same records
 * print byte for byte the same; {@code --partition/--offset} start where Kafka's tool starts.
 */
@ExtendWith(RealKafkaExtension.class)
class PetrelConsoleToolsBesideKafkasTest {
    private static final String INPUT = String.join("\n",
            "trace:t-1,kind:order\tk1\tfirst value",
            "h:NIL\tk2\tsecond: with colon",
            "NIL\tNIL\tno headers, null key",
            "a:1,b:2,c:3\tk3\tNIL") + "\n";
    private static final String[] READER = {"parse.headers=true", "parse.key=true", "null.marker=NIL"};
    private static final String[] FORMATTER = {"print.timestamp=true", "print.partition=true", "print.offset=true",
            "print.headers=true", "print.key=true", "null.literal=<none>"};
    private static String bootstrap;

    @BeforeAll
    static void kafka(RealKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
    }

    @Test
    void theSameLinesMakeTheSameRecordsAndPrintTheSameBytes() {
        String byKafka = unique("console-kafka");
        String byPetrel = unique("console-petrel");
        createTopic(byKafka);
        createTopic(byPetrel);
        KafkaTools.Run produced = KafkaTools.run(ConsoleProducer::main, INPUT, with("--reader-property", READER,
                "--bootstrap-server", bootstrap, "--topic", byKafka));
        produced.runShutdownHooks();
        assertEquals(0, produced.exitCode(), produced.transcript());
        petrel(INPUT, with("--property", READER, "produce", "--bootstrap-server", bootstrap, "--topic", byPetrel));

        String kafkaPrintsKafkas = kafkaConsume(byKafka, 4, "--from-beginning");
        String petrelPrintsKafkas = petrel("", with("--property", FORMATTER, "consume", "--bootstrap-server", bootstrap,
                "--topic", byKafka, "--from-beginning", "--max-messages", "4"));
        assertEquals(kafkaPrintsKafkas, petrelPrintsKafkas, "the formatter, byte for byte (timestamps included)");
        assertEquals(4, kafkaPrintsKafkas.lines().count(), kafkaPrintsKafkas);

        String kafkaPrintsPetrels = kafkaConsume(byPetrel, 4, "--from-beginning");
        assertEquals(withoutTimestamps(kafkaPrintsKafkas), withoutTimestamps(kafkaPrintsPetrels),
                "the reader: petrel produce made the records kafka-console-producer made");
    }

    @Test
    void partitionAndOffsetStartWhereKafkasConsoleConsumerStarts() {
        String topic = unique("console-offset");
        createTopic(topic);
        petrel("a\nb\nc\nd\n", "produce", "--bootstrap-server", bootstrap, "--topic", topic);
        for (String offset : List.of("2", "earliest")) {
            String kafka = kafkaConsume(topic, offset.equals("2") ? 2 : 4, "--partition", "0", "--offset", offset);
            String petrel = petrel("", with("--property", FORMATTER, "consume", "--bootstrap-server", bootstrap, "--topic", topic,
                    "--partition", "0", "--offset", offset, "--max-messages", offset.equals("2") ? "2" : "4"));
            assertEquals(kafka, petrel, "--offset " + offset);
        }
        assertEquals("", petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--partition", "0",
                "--offset", "latest", "--timeout-ms", "1000"), "latest: only records written after the start");
    }

    @Test
    void deleteRecordsPrintsWhatKafkaDeleteRecordsPrints() throws Exception {
        String byKafka = unique("trim-kafka");
        String byPetrel = unique("trim-petrel");
        for (String topic : List.of(byKafka, byPetrel)) {
            createTopic(topic);
            petrel("a\nb\nc\nd\n", "produce", "--bootstrap-server", bootstrap, "--topic", topic);
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("offsets", ".json");
        try {
            String json = "{\"partitions\":[{\"topic\":\"%s\",\"partition\":0,\"offset\":%d}],\"version\":1}";
            for (long offset : new long[]{1, -1}) {
                java.nio.file.Files.writeString(file, String.format(json, byKafka, offset));
                KafkaTools.Run kafka = KafkaTools.run(org.apache.kafka.tools.DeleteRecordsCommand::main, null,
                        "--bootstrap-server", bootstrap, "--offset-json-file", file.toString());
                java.nio.file.Files.writeString(file, String.format(json, byPetrel, offset));
                String petrel = petrel("", "delete-records", "--bootstrap-server", bootstrap, "--offset-json-file", file.toString());
                assertEquals(kafka.out().replace(byKafka, "TOPIC"), petrel.replace(byPetrel, "TOPIC"), "offset " + offset);
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertEquals("", petrel("", "consume", "--bootstrap-server", bootstrap, "--topic", byPetrel, "--from-beginning",
                "--timeout-ms", "1000"), "offset -1 deleted up to the high watermark");
    }

    @Test
    void configsPrintsWhatKafkaConfigsPrintsForTopicsAndBrokers() {
        String topic = unique("configs");
        createTopic(topic);
        petrel("", "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "topics", "--entity-name", topic,
                "--add-config", "retention.ms=1000000,cleanup.policy=[compact,delete]");
        sameAsKafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", topic);
        petrel("", "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "topics", "--entity-name", topic,
                "--delete-config", "retention.ms");
        sameAsKafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", topic);
        sameAsKafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", topic, "--all");

        String node = kafkaNodeId();
        assertEquals("Completed updating config for broker " + node + ".\n", petrel("", "configs", "--bootstrap-server", bootstrap,
                "--alter", "--entity-type", "brokers", "--entity-name", node, "--add-config", "log.cleaner.threads=2"));
        assertEquals("Completed updating default config for brokers in the cluster.\n", petrel("", "configs", "--bootstrap-server",
                bootstrap, "--alter", "--entity-type", "brokers", "--entity-default", "--add-config", "log.cleaner.backoff.ms=15001"));
        try {
            sameAsKafkaConfigs("--describe", "--entity-type", "brokers", "--entity-name", node);
            sameAsKafkaConfigs("--describe", "--entity-type", "brokers", "--entity-default");
            sameAsKafkaConfigs("--describe", "--entity-type", "brokers");
        } finally {
            petrel("", "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "brokers", "--entity-name", node,
                    "--delete-config", "log.cleaner.threads");
            petrel("", "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "brokers", "--entity-default",
                    "--delete-config", "log.cleaner.backoff.ms");
        }
        StringWriter err = new StringWriter();
        int code = Petrel.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(err),
                "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "brokers", "--entity-name", node,
                "--add-config", "broker.id=5");
        assertEquals(1, code, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("petrel configs: INVALID_REQUEST") && err.toString().contains("broker.id"), err.toString());
    }

    /** petrel configs prints, byte for byte, what kafka-configs prints for the same arguments. */
    private static void sameAsKafkaConfigs(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
        all.addAll(List.of(args));
        KafkaTools.Run expected = KafkaTools.run(kafka.admin.ConfigCommand::main, null, all.toArray(String[]::new));
        assertEquals(0, expected.exitCode(), expected.transcript());
        all.add(0, "configs");
        assertEquals(expected.out(), petrel("", all.toArray(String[]::new)), String.join(" ", args));
    }

    private static String kafkaNodeId() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeCluster().nodes().get().iterator().next().idString();
        } catch (Exception e) {
            throw new AssertionError("describeCluster failed", e);
        }
    }

    private static String kafkaConsume(String topic, int records, String... start) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--timeout-ms", "10000",
                "--max-messages", Integer.toString(records)));
        args.addAll(List.of(start));
        for (String property : FORMATTER) {
            args.addAll(List.of("--formatter-property", property));
        }
        KafkaTools.Run run = KafkaTools.run(ConsoleConsumer::main, null, args.toArray(String[]::new));
        return run.out();
    }

    private static String withoutTimestamps(String printed) {
        return printed.replaceAll("(?m)^CreateTime:\\d+\t", "");
    }

    private static void createTopic(String topic) {
        petrel("", "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1");
    }

    private static String[] with(String flag, String[] properties, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        for (String property : properties) {
            all.addAll(List.of(flag, property));
        }
        return all.toArray(String[]::new);
    }

    /** Runs petrel and returns its stdout, failing on a non-zero exit. */
    private static String petrel(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Petrel.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        assertEquals(0, code, "$ petrel " + String.join(" ", args) + "\n" + out + "---\n" + err);
        return out.toString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
