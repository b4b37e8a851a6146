package io.petrel.tools.internal;

import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import io.petrel.tools.Petrel;
import io.petrel.tools.internal.admin.ClusterAdmin;
import io.petrel.tools.internal.admin.ConnectionSetupTimeouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code petrel produce}: one record per line of stdin, sent with Petrel's producer, like
 * kafka-console-producer. At end of input it flushes and exits; a record the broker refused is reported on
 * stderr (the first one, then a count) and the exit status is 1.
 *
 * <p>The topic is looked up first through the admin connection, which also reports an unreachable broker within
 * seconds; a missing topic is created when the broker creates topics on use ({@code auto.create.topics.enable}),
 * as kafka-console-producer's first send would have it created, and is one line on stderr otherwise.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send one record per line of stdin to a topic (like kafka-console-producer).")
public final class ProduceCommand implements Callable<Integer> {
    /**
     * Bounded waits, so a broker that goes away mid-stream ends the command in seconds, not minutes; the connection
     * setup timeouts are {@link ConnectionSetupTimeouts}'.
     */
    private static final Map<String, String> CLI_DEFAULTS = Map.of(
            "request.timeout.ms", "10000",
            "delivery.timeout.ms", "30000",
            "max.block.ms", "10000");

    private static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(5);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to send to.")
    String topic;

    @Option(names = {"--property", "--reader-property"}, paramLabel = "KEY=VALUE",
            description = "Line reading: parse.key=true, key.separator=: (default tab), parse.headers=true, headers.delimiter "
                    + "(default tab), headers.separator (default ,), headers.key.separator (default :), ignore.error, "
                    + "null.marker; repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = {"--compression", "--compression-codec"}, paramLabel = "CODEC",
            description = "none, gzip, snappy, lz4 or zstd (the producer's compression.type).")
    String compression;

    @Option(names = {"--acks", "--request-required-acks"}, paramLabel = "ACKS", description = "0, 1 or all (default: all).")
    String acks;

    /** kafka-console-producer's older name for --command-config. */
    @Option(names = "--producer.config", paramLabel = "FILE", description = "The same as --command-config.")
    void producerConfig(java.nio.file.Path file) {
        connection.commandConfig(file);
    }

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Any producer setting (e.g. linger.ms=0); repeatable.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LineRecordParser parser;
        try {
            parser = LineRecordParser.of(properties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (ClusterAdmin admin = connection.admin(producerProperties)) {
            admin.topicForClients(topic);
        }
        PrintWriter err = spec.commandLine().getErr();
        SendFailures failures = new SendFailures(err, spec.qualifiedName());
        long sent = 0;
        try (Producer<byte[], byte[]> producer = Producer.create(producerConfigs(), new ByteArraySerializer(), new ByteArraySerializer());
             BufferedReader in = new BufferedReader(new InputStreamReader(((Petrel) spec.root().userObject()).stdin(), StandardCharsets.UTF_8))) {
            // Ctrl-C while reading: what was read is still delivered before the JVM goes, as kafka-console-producer does.
            Thread hook = new Thread(() -> producer.close(CLOSE_ON_INTERRUPT), "petrel-produce-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                sent = sendLines(in, parser, producer, failures);
            } finally {
                removeHook(hook);
            }
            producer.flush();
        } catch (IOException e) {
            throw new CommandFailedException("reading stdin failed: " + e.getMessage(), e);
        }
        return failures.report(sent);
    }

    private long sendLines(BufferedReader in, LineRecordParser parser, Producer<byte[], byte[]> producer,
                           SendFailures failures) throws IOException {
        long sent = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            LineRecordParser.ParsedRecord parsed = parser.parse(line, sent + 1);
            ProducerRecord.Builder<byte[], byte[]> record = ProducerRecord.<byte[], byte[]>builder(topic)
                    .key(parsed.key()).value(parsed.value());
            parsed.headers().forEach(h -> record.header(h.key(), h.value()));
            long number = ++sent;
            producer.send(record.build())
                    .whenComplete((md, e) -> failures.onComplete(number, e));
        }
        return sent;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is closing the producer.
        }
    }

    private Map<String, Object> producerConfigs() {
        Map<String, Object> configs = new HashMap<>(CLI_DEFAULTS);
        configs.put("client.id", "petrel-console-producer");
        configs.putAll(connection.settingsFor(CommandConfig.PRODUCER_KEYS));
        configs.putAll(producerProperties);
        configs.put("bootstrap.servers", connection.bootstrapServer());
        if (compression != null) {
            configs.put("compression.type", compression);
        }
        if (acks != null) {
            configs.put("acks", acks);
        }
        ConnectionSetupTimeouts.addTo(configs);
        return configs;
    }

    /** Counts refused records; the first is reported as it happens. Completions arrive on the producer's thread. */
    private static final class SendFailures {
        private final PrintWriter err;
        private final String command;
        private final AtomicLong failed = new AtomicLong();

        SendFailures(PrintWriter err, String command) {
            this.err = err;
            this.command = command;
        }

        void onComplete(long recordNumber, Throwable error) {
            if (error != null && failed.getAndIncrement() == 0) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                err.println(command + ": record " + recordNumber + " was not sent: " + ErrorLine.of(cause));
                err.flush();
            }
        }

        int report(long sent) {
            long count = failed.get();
            if (count > 1) {
                err.println(command + ": " + count + " of " + sent + " records were not sent");
                err.flush();
            }
            return count == 0 ? 0 : 1;
        }
    }
}
