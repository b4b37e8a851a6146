package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.ConsumerRebalanceListener;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.serializers.ByteArrayDeserializer;
import io.petrel.tools.internal.CommandConfig;
import io.petrel.tools.internal.CommandFailedException;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code petrel perf consume}: reads N records from a topic as fast as the consumer goes, then prints the
 * poll latency distribution and, last, kafka-consumer-perf-test's header and result line. Without
 * {@code --group} it assigns itself every partition from the beginning (no rebalance to measure); with one it
 * subscribes, and the time to its first assignment is the rebalance time.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Consumer throughput and fetch time (like kafka-consumer-perf-test).")
public final class PerfConsumeCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(100);

    @Mixin
    PerfOptions options;

    @Option(names = "--group", paramLabel = "GROUP", description = "Consume as a member of this group (default: no group, assign every partition).")
    String group;

    @Option(names = {"--timeout-ms", "--timeout"}, paramLabel = "MS", defaultValue = "10000",
            description = "Give up when no record arrived for this long (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        TopicDescription topic;
        try (ClusterAdmin admin = options.admin()) {
            topic = admin.topic(options.topic);
        }
        PrintWriter out = spec.commandLine().getOut();
        ConsumeStats stats = new ConsumeStats(Time.SYSTEM);
        try (Consumer<byte[], byte[]> consumer = Consumer.create(configs(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             ProgressLine progress = ProgressLine.start(out, stats::intervalLine, options.printIntervalMs)) {
            start(consumer, topic, stats);
            while (stats.records() < options.records && stats.nanosSinceLastRecord() < TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                long pollStart = System.nanoTime();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    long bytes = 0;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                    }
                    stats.onRecords(pollStart, records.count(), bytes);
                }
            }
        }
        out.println(stats.pollLatencyLine());
        stats.resultLines().forEach(out::println);
        out.flush();
        if (stats.records() < options.records) {
            throw new CommandFailedException("consumed only " + stats.records() + " of " + options.records
                    + " records: none arrived for " + timeoutMs + " ms (--timeout-ms)");
        }
        return 0;
    }

    private void validate() {
        options.validate(spec.commandLine());
        if (timeoutMs < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --timeout-ms " + timeoutMs + ": expected at least 1");
        }
    }

    private Map<String, Object> configs() {
        Map<String, Object> configs = new HashMap<>();
        configs.put("client.id", "petrel-perf-consumer");
        configs.put("auto.offset.reset", "earliest");
        configs.putAll(options.settingsFor(CommandConfig.CONSUMER_KEYS));
        if (group != null) {
            configs.put("group.id", group);
        }
        configs.putAll(options.properties);
        configs.put("bootstrap.servers", options.bootstrapServer);
        ConnectionSetupTimeouts.addTo(configs);
        return configs;
    }

    private void start(Consumer<byte[], byte[]> consumer, TopicDescription topic, ConsumeStats stats) {
        if (group != null) {
            consumer.subscribe(List.of(options.topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    stats.onAssigned();
                }
            });
            return;
        }
        List<TopicPartition> partitions = topic.partitions().stream()
                .map(p -> new TopicPartition(options.topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }
}
