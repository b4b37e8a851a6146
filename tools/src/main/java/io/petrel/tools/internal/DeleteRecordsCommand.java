package io.petrel.tools.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.sasl.JsonReader;
import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code petrel delete-records}: deletes each listed partition's records before an offset, as kafka-delete-records
 * does, from the same JSON file ({@code {"partitions":[{"topic":"t","partition":0,"offset":5}],"version":1}}, offset
 * -1 for the high watermark), and prints each partition's new low watermark in its layout. A partition whose records
 * could not be deleted is printed with its error, and the command then ends with one line on stderr and status 1.
 */
@Command(name = "delete-records", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete partitions' records before given offsets (like kafka-delete-records).")
public final class DeleteRecordsCommand implements Callable<Integer> {
    static final String EXPECTED = "expected {\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":5}],\"version\":1}"
            + " (offset -1: the high watermark)";

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--offset-json-file", required = true, paramLabel = "FILE",
            description = "The partitions and offsets: " + "{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":5}],"
                    + "\"version\":1}; offset -1 deletes up to the high watermark.")
    Path offsetJsonFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<TopicPartition, Long> offsets = readOffsets();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Executing records delete operation");
        out.flush();
        Map<TopicPartition, ClusterAdmin.DeletedRecordsOutcome> outcomes;
        try (ClusterAdmin admin = connection.admin()) {
            outcomes = admin.deleteRecords(offsets);
        }
        out.println("Records delete operation completed:");
        String firstError = null;
        int failed = 0;
        for (Map.Entry<TopicPartition, ClusterAdmin.DeletedRecordsOutcome> e : outcomes.entrySet()) {
            String partition = "partition: " + e.getKey().topic() + "-" + e.getKey().partition() + "\t";
            if (e.getValue().failure() == null) {
                out.println(partition + "low_watermark: " + e.getValue().lowWatermark());
            } else {
                String error = ErrorLine.of(e.getValue().failure());
                out.println(partition + "error: " + error);
                firstError = firstError == null ? partition.trim() + ": " + error : firstError;
                failed++;
            }
        }
        out.flush();
        if (failed > 0) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": records of " + failed + " of " + outcomes.size()
                    + " partitions were not deleted; first: " + firstError);
            return 1;
        }
        return 0;
    }

    /** The file's partitions in its order, each with its offset; a bad file is one line naming what is wrong. */
    private Map<TopicPartition, Long> readOffsets() {
        String text;
        try {
            text = Files.readString(offsetJsonFile);
        } catch (IOException e) {
            throw new CommandFailedException("Cannot read --offset-json-file " + offsetJsonFile + ": " + e.getMessage(), e);
        }
        Map<String, Object> json;
        try {
            json = JsonReader.readObject(text);
        } catch (IllegalArgumentException e) {
            throw bad("not valid JSON (" + e.getMessage() + ")");
        }
        Object version = json.get("version");
        if (version != null && !(version instanceof BigDecimal v && v.intValue() == 1 && v.scale() <= 0)) {
            throw bad("version " + version + " is not supported");
        }
        if (!(json.get("partitions") instanceof List<?> partitions)) {
            throw bad("no \"partitions\" list");
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Object item : partitions) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw bad("a partition entry is not an object: " + item);
            }
            if (!(entry.get("topic") instanceof String topic) || topic.isEmpty()) {
                throw bad("an entry has no \"topic\" string: " + entry);
            }
            TopicPartition tp = new TopicPartition(topic, (int) number(entry, "partition", 0, Integer.MAX_VALUE));
            long offset = number(entry, "offset", -1, Long.MAX_VALUE);
            if (offsets.put(tp, offset) != null) {
                throw bad("partition " + topic + "-" + tp.partition() + " is listed twice");
            }
        }
        if (offsets.isEmpty()) {
            throw bad("the \"partitions\" list is empty");
        }
        return offsets;
    }

    private long number(Map<?, ?> entry, String field, long min, long max) {
        Object value = entry.get(field);
        if (!(value instanceof BigDecimal number)) {
            throw bad("an entry has no \"" + field + "\" number: " + entry);
        }
        try {
            long n = number.longValueExact();
            if (n < min || n > max) {
                throw bad("\"" + field + "\" " + number + " is out of range (" + min + " or more)");
            }
            return n;
        } catch (ArithmeticException e) {
            throw bad("\"" + field + "\" " + number + " is not a whole number");
        }
    }

    private CommandFailedException bad(String what) {
        return new CommandFailedException("Invalid --offset-json-file " + offsetJsonFile + ": " + what + "; " + EXPECTED);
    }
}
