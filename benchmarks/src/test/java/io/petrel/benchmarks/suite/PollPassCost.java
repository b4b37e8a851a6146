package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.Consumer;
import io.petrel.serializers.ByteArrayDeserializer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one pass of Petrel's poll costs the polling thread when no data is waiting: bytes allocated and CPU per
 * {@code poll(Duration.ZERO)} on a consumer assigned one empty partition of broker-stub. Every poll that wakes
 * for a fetch response pays at least this pass before it returns, so it is on the path of each record's
 * latency, and its allocation is garbage made at the rate responses arrive. Allocation per pass is the
 * load-independent figure (thread allocation counter); CPU per pass moves with the machine's load.
 *
 * <pre>
 * java -cp benchmarks/target/test-classes:$(cat benchmarks/target/suite-classpath.txt) \
 *     io.petrel.benchmarks.suite.PollPassCost [passes per round, default 200000] [rounds, default 3]
 * </pre>
 */
public final class PollPassCost {
    private PollPassCost() {
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.Kind.STUB, List.of("-Xmx256m"))) {
            broker.createTopic("empty", 1);
            Map<String, Object> settings = Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "enable.auto.commit", "false", "auto.offset.reset", "earliest");
            try (Consumer<byte[], byte[]> consumer = Consumer.create(settings, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition("empty", 0);
                consumer.assign(List.of(partition));
                consumer.position(partition);
                for (int round = 1; round <= rounds; round++) {
                    long bytes = threads.getThreadAllocatedBytes(self);
                    long cpu = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < passes; i++) {
                        consumer.poll(Duration.ZERO);
                    }
                    System.out.printf(Locale.ROOT, "round %d: %.0f B allocated and %.2f us CPU per empty poll pass%n",
                            round, (threads.getThreadAllocatedBytes(self) - bytes) / (double) passes,
                            (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / passes);
                }
            }
        }
    }
}
