package io.petrel.tools;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petrel delete-records}: kafka-delete-records' JSON file in, its low watermark lines out. */
@ExtendWith(PetrelBrokerExtension.class)
class DeleteRecordsCommandTest {
    private static String bootstrap;

    @TempDir
    Path dir;

    @BeforeAll
    static void broker(Broker broker) {
        bootstrap = broker.bootstrapServers();
        Cli.run("topics", "--bootstrap-server", bootstrap, "--create", "--topic", "trimmed", "--partitions", "2").assertOk();
        Cli.runWithInput("a\nb\nc\nd\n", "produce", "--bootstrap-server", bootstrap, "--topic", "trimmed",
                "--producer-property", "partitioner.class=io.petrel.producer.RoundRobinPartitioner").assertOk();
    }

    @Test
    void deletesBeforeEachOffsetAndPrintsTheLowWatermarks() throws IOException {
        Path file = json("{\"partitions\":[{\"topic\":\"trimmed\",\"partition\":0,\"offset\":1},"
                + "{\"topic\":\"trimmed\",\"partition\":1,\"offset\":-1}],\"version\":1}");
        assertEquals(List.of("Executing records delete operation", "Records delete operation completed:",
                        "partition: trimmed-0\tlow_watermark: 1", "partition: trimmed-1\tlow_watermark: 2"),
                Cli.run("delete-records", "--bootstrap-server", bootstrap, "--offset-json-file", file.toString()).assertOk().outLines());
        Cli.Run read = Cli.run("consume", "--bootstrap-server", bootstrap, "--topic", "trimmed", "--from-beginning", "--timeout-ms", "1000");
        assertEquals(List.of("c"), read.outLines(), "partition 0 keeps its second record, partition 1 nothing: " + read.transcript());
    }

    @Test
    void aPartitionThatCannotBeTrimmedIsPrintedWithItsErrorAndOneLineOnStderr() throws IOException {
        Path file = json("{\"partitions\":[{\"topic\":\"trimmed\",\"partition\":0,\"offset\":100}],\"version\":1}");
        Cli.Run run = Cli.run("delete-records", "--bootstrap-server", bootstrap, "--offset-json-file", file.toString());
        String error = run.assertOneLineError(1);
        assertTrue(error.startsWith("petrel delete-records: records of 1 of 1 partitions were not deleted; first: partition: "
                + "trimmed-0: OFFSET_OUT_OF_RANGE"), error);
        assertTrue(run.outLines().get(2).startsWith("partition: trimmed-0\terror: OFFSET_OUT_OF_RANGE"), run.transcript());
    }

    @Test
    void aBadFileNamesWhatIsWrongAndTheExpectedShape() throws IOException {
        for (String[] bad : List.of(
                new String[]{"not json", "not valid JSON"},
                new String[]{"{\"partitions\":[{\"topic\":\"trimmed\",\"partition\":0}],\"version\":1}", "no \"offset\" number"},
                new String[]{"{\"partitions\":[{\"topic\":\"trimmed\",\"partition\":0,\"offset\":-2}]}", "\"offset\" -2 is out of range"},
                new String[]{"{\"partitions\":[],\"version\":1}", "list is empty"},
                new String[]{"{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":1},{\"topic\":\"t\",\"partition\":0,\"offset\":2}]}",
                        "partition t-0 is listed twice"},
                new String[]{"{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":1}],\"version\":2}", "version 2"})) {
            Path file = json(bad[0]);
            String error = Cli.run("delete-records", "--bootstrap-server", bootstrap, "--offset-json-file", file.toString())
                    .assertOneLineError(1);
            assertTrue(error.contains(bad[1]) && error.contains(file.toString()) && error.contains("expected {\"partitions\""), error);
        }
    }

    private Path json(String text) throws IOException {
        Path file = Files.createTempFile(dir, "offsets", ".json");
        Files.writeString(file, text);
        return file;
    }
}
