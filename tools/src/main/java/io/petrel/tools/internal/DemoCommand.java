package io.petrel.tools.internal;

import io.petrel.consumer.ConsumerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.samples.AsyncSendSample;
import io.petrel.samples.CallbackSendSample;
import io.petrel.samples.CompressionSample;
import io.petrel.samples.ConsumerSample;
import io.petrel.samples.CustomPartitionerSample;
import io.petrel.samples.ExactlyOnceCopySample;
import io.petrel.samples.FireAndForgetSample;
import io.petrel.samples.SampleBroker;
import io.petrel.samples.SyncSendSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@code petrel demo}: Petrel in a few seconds with nothing installed. It starts an embedded broker in a
 * temporary directory and runs the sample apps of {@code io.petrel.samples} against it, in the order a
 * newcomer meets the ideas: the producer's send modes, a custom partitioner, compression, then a consumer
 * group reading everything the others sent to {@value SampleBroker#TOPIC}, and exactly-once copying of that
 * topic in transactions (one aborted, one committed). It checks the consumer received every record sent and the
 * committed copy holds each once, then stops the broker, which deletes the directory.
 *
 * <p>Each sample prints what it did under a heading. A failure is a {@link CommandFailedException} naming
 * the step, which the root command prints as one line (exit status 1).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Petrel's sample apps against an embedded broker: send modes, a custom partitioner, "
                + "compression, a consumer group, exactly-once copying in transactions. Takes a few seconds and leaves "
                + "nothing behind.",
                "With --verbose the broker's and the clients' logs are shown as well (on stderr)."})
public final class DemoCommand implements Callable<Integer> {
    /** slf4j-simple's default level; a system property overrides its simplelogger.properties. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verboseOption;

    private final Supplier<SampleBroker> startBroker;
    private String step = "starting the embedded broker";

    public DemoCommand() {
        this(SampleBroker::embedded);
    }

    /** A demo on the broker {@code startBroker} starts (an embedded one: its directory is checked), for tests. */
    DemoCommand(Supplier<SampleBroker> startBroker) {
        this.startBroker = startBroker;
    }

    @Override
    public Integer call() {
        if (!verboseOption.verbose && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            // The broker and every producer log a few INFO lines each, which would bury the demo's own output.
            // This takes effect when nothing has logged yet in this JVM, as in a `petrel demo` process.
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        PrintWriter writer = spec.commandLine().getOut();
        try (PrintStream out = new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8)) {
            run(out);
            return 0;
        } catch (Exception e) {
            throw new CommandFailedException(step + " failed: " + reason(e), e);
        } finally {
            writer.flush();
        }
    }

    private void run(PrintStream out) throws Exception {
        Path dataDir;
        List<RecordMetadata> written = new ArrayList<>();
        long unlisted;
        int received;
        try (SampleBroker broker = startBroker.get()) {
            dataDir = broker.dataDir()
                    .orElseThrow(() -> new IllegalStateException("the demo runs on an embedded broker"));
            out.println("Petrel demo on an " + broker.describe());

            heading(out, "1. Fire and forget", "send() without looking at the result, then flush()");
            FireAndForgetSample.Result fireAndForget = FireAndForgetSample.run(broker, out);
            // Fire and forget learns no offsets: only how many were acknowledged.
            unlisted = fireAndForget.acknowledged();

            heading(out, "2. Synchronous send", "send(record).get(), one record at a time");
            written.addAll(SyncSendSample.run(broker, out));

            heading(out, "3. Send with a callback",
                    "each record's metadata or error; one record goes to a partition that does not exist");
            written.addAll(CallbackSendSample.run(broker, out).written());

            heading(out, "4. Asynchronous send", "CompletableFuture thenCompose, allOf, thenCombine");
            AsyncSendSample.Result async = AsyncSendSample.run(broker, out);
            written.add(async.created());
            written.add(async.paid());
            written.addAll(async.items());

            heading(out, "5. A custom partitioner", "keys starting with vip- go to partition 0, the others hash over the rest");
            written.addAll(CustomPartitionerSample.run(broker, out));

            heading(out, "6. Compression", CompressionSample.RECORDS + " records per codec, one topic per codec");
            CompressionSample.run(broker, out);

            heading(out, "7. A consumer group", "group " + ConsumerSample.GROUP + " reads " + SampleBroker.TOPIC
                    + " up to its end, commitSync()");
            ConsumerSample.Result consumed = ConsumerSample.run(broker, out);
            written.addAll(consumed.sent());
            received = consumed.received().size();
            checkEverythingArrived(written, written.size() + unlisted, consumed.received());

            heading(out, "8. Exactly once", "consume, transform, produce: " + SampleBroker.TOPIC + " copied to "
                    + ExactlyOnceCopySample.OUTPUT + " with the group's offsets in one transaction, aborted then committed");
            checkExactlyOnce(ExactlyOnceCopySample.run(broker, out), received);

            step = "stopping the broker";
        }
        if (Files.exists(dataDir)) {
            throw new IllegalStateException("the broker's temporary directory " + dataDir + " is still there");
        }
        out.println();
        out.println("Sent " + (written.size() + unlisted) + " records to " + SampleBroker.TOPIC + "; the consumer received all "
                + received + ". Broker stopped, " + dataDir + " deleted.");
    }

    /**
     * The demo's own check: the consumer read exactly as many records as were sent, among them every one
     * whose place is known (fire and forget's are not), each once.
     */
    private static void checkEverythingArrived(List<RecordMetadata> written, long sent,
                                               List<ConsumerRecord<String, String>> received) {
        Set<String> read = new HashSet<>();
        for (ConsumerRecord<String, String> r : received) {
            if (!read.add(r.partition() + "@" + r.offset())) {
                throw new IllegalStateException("the consumer received partition " + r.partition() + " offset "
                        + r.offset() + " twice");
            }
        }
        List<String> missing = written.stream().map(md -> md.partition() + "@" + md.offset())
                .filter(place -> !read.contains(place)).toList();
        if (received.size() != sent || !missing.isEmpty()) {
            throw new IllegalStateException("the consumer received " + received.size() + " records of the " + sent
                    + " sent" + (missing.isEmpty() ? "" : "; missing (partition@offset): " + missing));
        }
    }

    /**
     * The demo's check of the copy: nothing of the aborted transaction visible to read_committed, every input record
     * copied once by the committed one, and the group's offsets moved with it.
     */
    private static void checkExactlyOnce(ExactlyOnceCopySample.Result copy, int inputRecords) {
        if (!copy.committedAfterAbort().isEmpty()) {
            throw new IllegalStateException("a read_committed reader saw " + copy.committedAfterAbort().size()
                    + " records of the aborted transaction");
        }
        long offsets = copy.groupOffsets().values().stream().mapToLong(Long::longValue).sum();
        if (copy.input().size() != inputRecords || copy.committedAfterCommit().size() != inputRecords
                || offsets != inputRecords) {
            throw new IllegalStateException("copied " + copy.input().size() + " of " + inputRecords + " records; a"
                    + " read_committed reader saw " + copy.committedAfterCommit().size() + " copies and the group"
                    + " committed offsets adding up to " + offsets);
        }
    }

    private void heading(PrintStream out, String name, String what) {
        step = name;
        out.println();
        out.println("== " + name + ": " + what + " ==");
    }

    /** The message that says what went wrong, not the wrapper a future put around it. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * The samples print to a PrintStream, picocli's output is a PrintWriter: this passes each write on as text.
     * The PrintStream above flushes on every newline and every string written, so no character is ever split.
     */
    private static final class WriterStream extends ByteArrayOutputStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void flush() {
            writer.write(toString(StandardCharsets.UTF_8));
            writer.flush();
            reset();
        }
    }
}
