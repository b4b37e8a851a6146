package io.petrel.tools.internal.perf;

import io.petrel.client.Time;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import io.petrel.tools.internal.CommandConfig;
import io.petrel.tools.internal.CommandFailedException;
import io.petrel.tools.internal.ErrorLine;
import io.petrel.tools.internal.admin.ClusterAdmin;
import io.petrel.tools.internal.admin.ConnectionSetupTimeouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code petrel perf produce}: sends N records of B random uppercase letters as fast as allowed (or at
 * {@code --throughput} records/s), then prints the send-to-ack latency distribution and, last, a line in the
 * exact shape of kafka-producer-perf-test's summary.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Producer throughput and send-to-ack latency (like kafka-producer-perf-test).")
public final class PerfProduceCommand implements Callable<Integer> {
    @Mixin
    PerfOptions options;

    @Option(names = "--record-size", required = true, paramLabel = "BYTES", description = "The size of each record's value.")
    int recordSize;

    @Option(names = "--throughput", paramLabel = "R", defaultValue = "-1",
            description = "Records per second to hold to; -1 for no limit (default).")
    double throughput;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        try (ClusterAdmin admin = options.admin()) {
            admin.topicForClients(options.topic);
        }
        PrintWriter out = spec.commandLine().getOut();
        byte[] payload = payload(recordSize, new Random());
        ProduceStats stats = new ProduceStats(Time.SYSTEM, recordSize);
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        SendThrottle throttle = SendThrottle.system(throughput);
        try (Producer<byte[], byte[]> producer = Producer.create(configs(), new ByteArraySerializer(), new ByteArraySerializer());
             ProgressLine progress = ProgressLine.start(out, stats::intervalLine, options.printIntervalMs)) {
            ProducerRecord<byte[], byte[]> record = ProducerRecord.of(options.topic, payload);
            for (long i = 0; i < options.records; i++) {
                throttle.awaitSlot(i);
                long sentNanos = System.nanoTime();
                producer.send(record, (md, e) -> {
                    if (e == null) {
                        stats.onAck(sentNanos);
                    } else {
                        stats.onFailure();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        out.println(stats.latencyLine());
        out.println(stats.totalLine());
        out.flush();
        if (stats.failed() > 0) {
            throw new CommandFailedException(stats.failed() + " of " + options.records + " records were not sent; the first: "
                    + ErrorLine.of(firstFailure.get()));
        }
        return 0;
    }

    private void validate() {
        options.validate(spec.commandLine());
        if (recordSize < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid --record-size " + recordSize + ": expected 0 or more bytes");
        }
    }

    private Map<String, Object> configs() {
        Map<String, Object> configs = new HashMap<>();
        configs.put("client.id", "petrel-perf-producer");
        configs.putAll(options.settingsFor(CommandConfig.PRODUCER_KEYS));
        configs.putAll(options.properties);
        configs.put("bootstrap.servers", options.bootstrapServer);
        ConnectionSetupTimeouts.addTo(configs);
        return configs;
    }

    /** Random letters 'A' to 'Z', as kafka-producer-perf-test's payload; one array serves every record. */
    static byte[] payload(int size, Random random) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        return payload;
    }
}
