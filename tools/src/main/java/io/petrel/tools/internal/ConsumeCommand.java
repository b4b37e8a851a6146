package io.petrel.tools.internal;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.consumer.WakeupException;
import io.petrel.serializers.ByteArrayDeserializer;
import io.petrel.tools.internal.admin.ClusterAdmin;
import io.petrel.tools.internal.admin.ConnectionSetupTimeouts;
import io.petrel.tools.internal.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code petrel consume}: prints a topic's records with Petrel's consumer, like kafka-console-consumer.
 *
 * <p>With {@code --group} it subscribes as a member of that group and commits what it printed when it ends;
 * without one it assigns itself every partition and commits nothing. It ends after {@code --max-messages}
 * records, after {@code --timeout-ms} without a record, or on Ctrl-C, whose shutdown hook wakes the consumer
 * so the loop ends, commits and closes as it would at the end. Exactly the records printed are committed
 * (the offset after each partition's last printed record), so a consumer stopped by --max-messages does not
 * skip the rest of what it fetched.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a topic's records, one per line (like kafka-console-consumer).")
public final class ConsumeCommand implements Callable<Integer> {
    /** Bounded waits; the connection setup timeouts are {@link ConnectionSetupTimeouts}'. */
    private static final Map<String, String> CLI_DEFAULTS = Map.of(
            "request.timeout.ms", "15000",
            "default.api.timeout.ms", "30000");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_POLL_MS = 500;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--group", paramLabel = "GROUP", description = "Consume as a member of this group and commit on exit.")
    String group;

    @Option(names = "--from-beginning", description = "Start at the earliest record when there is no committed offset (default: only new records).")
    boolean fromBeginning;

    @Option(names = "--partition", paramLabel = "N",
            description = "Read only this partition, from its end unless --offset or --from-beginning says otherwise (no --group).")
    Integer partition;

    @Option(names = "--offset", paramLabel = "OFFSET",
            description = "With --partition: where to start, a non-negative offset, earliest or latest (default: latest).")
    String offset;

    @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
    Long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Stop when no record arrived for this long.")
    Long timeoutMs;

    @Option(names = "--isolation-level", paramLabel = "LEVEL",
            description = "read_committed to print only the records of committed transactions, read_uncommitted "
                    + "(default) to print every record.")
    String isolationLevel;

    @Option(names = {"--property", "--formatter-property"}, paramLabel = "KEY=VALUE",
            description = "Output: print.key, print.offset, print.partition, print.timestamp, print.headers, print.value, "
                    + "key.separator, line.separator, headers.separator, null.literal; repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** kafka-console-consumer's older name for --command-config. */
    @Option(names = "--consumer.config", paramLabel = "FILE", description = "The same as --command-config.")
    void consumerConfig(java.nio.file.Path file) {
        connection.commandConfig(file);
    }

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
            description = "Any consumer setting (e.g. max.poll.records=100); repeatable.")
    Map<String, String> consumerProperties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    /** Records printed so far. */
    private long processed;

    @Override
    public Integer call() {
        RecordFormatter formatter = validate();
        TopicDescription description;
        try (ClusterAdmin admin = connection.admin(consumerProperties)) {
            description = admin.topicForClients(topic);
        }
        checkPartitionExists(description);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<byte[], byte[]> consumer = Consumer.create(consumerConfigs(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> wakeAndWait(consumer, finished), "petrel-consume-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            start(consumer, description);
            printRecords(consumer, formatter, out);
        } finally {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } finally {
                out.flush();
                err.println("Processed a total of " + processed + " messages");
                err.flush();
                finished.countDown();
                removeHook(hook);
            }
        }
        return 0;
    }

    private RecordFormatter validate() {
        if (maxMessages != null && maxMessages < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --max-messages " + maxMessages + ": expected at least 1");
        }
        if (timeoutMs != null && timeoutMs < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid --timeout-ms " + timeoutMs + ": expected 0 or more");
        }
        validatePartitionAndOffset();
        if (isolationLevel != null && !isolationLevel.equals("read_committed") && !isolationLevel.equals("read_uncommitted")) {
            throw new ParameterException(spec.commandLine(), "Invalid --isolation-level " + isolationLevel
                    + ": expected read_committed or read_uncommitted");
        }
        try {
            return RecordFormatter.of(properties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** kafka-console-consumer's rules: --offset needs --partition, and neither goes with a group's own positions. */
    private void validatePartitionAndOffset() {
        if (offset != null && partition == null) {
            throw new ParameterException(spec.commandLine(), "--offset " + offset + " needs --partition: an offset is a position in one partition");
        }
        if (offset != null && fromBeginning) {
            throw new ParameterException(spec.commandLine(), "--from-beginning and --offset exclude each other: give one start position");
        }
        if (partition != null && group != null) {
            throw new ParameterException(spec.commandLine(), "--group and --partition exclude each other: a group's members are"
                    + " assigned their partitions");
        }
        if (partition != null && partition < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid --partition " + partition + ": expected 0 or more");
        }
        if (offset != null && !offset.equals("earliest") && !offset.equals("latest")) {
            long parsed;
            try {
                parsed = Long.parseLong(offset);
            } catch (NumberFormatException e) {
                parsed = -1;
            }
            if (parsed < 0) {
                throw new ParameterException(spec.commandLine(), "Invalid --offset '" + offset
                        + "': expected earliest, latest or a non-negative offset");
            }
        }
    }

    private Map<String, Object> consumerConfigs() {
        Map<String, Object> configs = new HashMap<>(CLI_DEFAULTS);
        configs.put("client.id", "petrel-console-consumer");
        configs.put("auto.offset.reset", "latest");
        configs.putAll(connection.settingsFor(CommandConfig.CONSUMER_KEYS));
        if (fromBeginning) {
            configs.put("auto.offset.reset", "earliest");
        }
        if (group != null) {
            configs.put("group.id", group);
            configs.put("enable.auto.commit", "false");
        }
        configs.putAll(consumerProperties);
        if (isolationLevel != null) {
            configs.put("isolation.level", isolationLevel);
        }
        configs.put("bootstrap.servers", connection.bootstrapServer());
        ConnectionSetupTimeouts.addTo(configs);
        return configs;
    }

    private void start(Consumer<byte[], byte[]> consumer, TopicDescription description) {
        if (group != null) {
            consumer.subscribe(List.of(topic));
            return;
        }
        if (partition != null) {
            startAtPartition(consumer);
            return;
        }
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    private void checkPartitionExists(TopicDescription description) {
        int count = description.partitions().size();
        if (partition != null && partition >= count) {
            throw new CommandFailedException("Invalid --partition " + partition + ": topic '" + topic + "' has " + count
                    + (count == 1 ? " partition (0)" : " partitions (0 to " + (count - 1) + ")"));
        }
    }

    /** --partition: that partition alone, at --offset (a number, earliest or latest), else as --from-beginning says. */
    private void startAtPartition(Consumer<byte[], byte[]> consumer) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        String start = offset != null ? offset : fromBeginning ? "earliest" : "latest";
        switch (start) {
            case "earliest" -> consumer.seekToBeginning(List.of(tp));
            case "latest" -> consumer.seekToEnd(List.of(tp));
            default -> consumer.seek(tp, Long.parseLong(start));
        }
    }

    /** Polls and prints until done, counting in {@link #processed}; commits what it printed when in a group. */
    private void printRecords(Consumer<byte[], byte[]> consumer, RecordFormatter formatter, PrintWriter out) {
        Map<TopicPartition, OffsetAndMetadata> printed = new HashMap<>();
        long lastRecordNanos = System.nanoTime();
        try {
            while (maxMessages == null || processed < maxMessages) {
                long waitMs = MAX_POLL_MS;
                if (timeoutMs != null) {
                    long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRecordNanos);
                    if (idleMs >= timeoutMs) {
                        break;
                    }
                    waitMs = Math.min(waitMs, timeoutMs - idleMs);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(waitMs));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    out.print(formatter.format(r.partition(), r.offset(), r.timestamp(), r.timestampType(), r.headers(), r.key(), r.value()));
                    printed.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                    lastRecordNanos = System.nanoTime();
                    if (++processed == (maxMessages == null ? -1 : maxMessages)) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // Ctrl-C: stop reading, then commit and close as at any other end.
        }
        out.flush();
        if (group != null && !printed.isEmpty()) {
            consumer.commitSync(printed);
        }
    }

    /** Ctrl-C: wake the polling thread and give it time to commit and close before the JVM goes. */
    private static void wakeAndWait(Consumer<?, ?> consumer, CountDownLatch finished) {
        consumer.wakeup();
        try {
            finished.await(CLOSE_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and waits for us.
        }
    }
}
