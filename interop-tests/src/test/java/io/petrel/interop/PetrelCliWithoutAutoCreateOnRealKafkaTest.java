package io.petrel.interop;

import io.petrel.testsupport.RealKafkaBroker;
import io.petrel.tools.Petrel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Apache Kafka 4.3.1 broker with {@code auto.create.topics.enable=false} (the run's second broker,
 * {@link TunedRealKafka}): {@code produce}, {@code consume} and {@code perf produce} to a missing topic fail with one
 * line naming the topic and the setting, and create nothing.
 */
@ExtendWith(TunedRealKafka.class)
class PetrelCliWithoutAutoCreateOnRealKafkaTest {
    private static RealKafkaBroker kafka;

    @BeforeAll
    static void useTunedBroker(RealKafkaBroker broker) {
        kafka = broker;
    }

    @Test
    void aMissingTopicIsOneLineNamingItAndTheBrokerSetting() {
        String bootstrap = kafka.bootstrapServers();
        for (String[] command : List.of(
                new String[]{"produce", "--bootstrap-server", bootstrap, "--topic", "nowhere"},
                new String[]{"consume", "--bootstrap-server", bootstrap, "--topic", "nowhere", "--timeout-ms", "500"},
                new String[]{"perf", "produce", "--bootstrap-server", bootstrap, "--topic", "nowhere", "--records", "10",
                        "--record-size", "10"})) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Petrel.run(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                    new PrintWriter(err), command);
            String transcript = String.join(" ", command) + "\n" + out + "---\n" + err;
            assertEquals(1, code, transcript);
            assertEquals(1, err.toString().lines().count(), transcript);
            assertTrue(err.toString().contains("'nowhere'") && err.toString().contains("auto.create.topics.enable=false"), transcript);
            assertFalse(err.toString().contains("Exception"), transcript);
        }
        StringWriter list = new StringWriter();
        Petrel.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(list), new PrintWriter(new StringWriter()),
                "topics", "--bootstrap-server", bootstrap, "--list");
        assertFalse(list.toString().lines().toList().contains("nowhere"), list.toString());
    }
}
