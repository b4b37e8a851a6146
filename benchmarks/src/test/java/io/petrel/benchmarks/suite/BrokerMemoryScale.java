package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The scale part's broker memory: each broker in a fresh JVM of its own (the suite's broker options), its RSS
 * idle, then after each of the partitions curve's topics is added (1, 10, 100, 1,000 partitions: 1, 11, 111,
 * 1,111 on the broker), each partition holding one record so its log is open; then with {@code connections}
 * connections open, each having had one ApiVersions exchange, and nothing more. Each RSS is read after a full
 * collection in the broker ({@code jcmd <pid> GC.run}), so what it shows is memory the broker holds rather
 * than garbage not yet collected. Per partition and per connection follow from the steps
 * ({@link ScaleFigures}).
 */
final class BrokerMemoryScale {
    private static final long IDLE_MS = BrokerFootprint.IDLE_MS;

    private final SuiteOptions options;
    private final SuiteResults results;

    BrokerMemoryScale(SuiteOptions options, SuiteResults results) {
        this.options = options;
        this.results = results;
    }

    void run() throws Exception {
        ScaleSettings s = options.scale();
        System.out.printf(Locale.ROOT, "%nscale: broker RSS with partitions %s and %,d connections%n",
                s.partitions(), s.connections());
        for (Kind kind : List.of(Kind.STUB, Kind.KAFKA)) {
            try (BrokerProcess broker = BrokerProcess.start(kind, options.brokerJvmOptions())) {
                measure(broker, s);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) { // the other broker's figures still count; the report names what failed
                System.out.printf(Locale.ROOT, "  %s FAILED: %s%n", kind.displayName(), e);
                results.warnings.add("The scale part's broker memory of " + kind.displayName() + " is incomplete: "
                        + e);
            }
        }
    }

    private void measure(BrokerProcess broker, ScaleSettings s) throws Exception {
        Thread.sleep(IDLE_MS);
        long partitions = 0;
        double rss = record(ScaleCurve.BROKER_RSS_PARTITIONS, broker, partitions);
        Payloads one = new Payloads(PartitionScale.RECORD_SIZE, 37);
        for (int p : s.partitions()) {
            String topic = "scale-memory-" + p;
            broker.createTopic(topic, p);
            broker.awaitServing(topic);
            RunMeasurement m = new RunMeasurement(p, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
            ProducerClients.KAFKA.run(topic, p, ProducerMatrix.settings(broker.bootstrapServers(), PartitionScale.CELL),
                    one, p, m);
            if (broker.recordsIn(topic) != p) {
                throw new IllegalStateException(topic + " on " + broker.name() + " holds " + broker.recordsIn(topic)
                        + " records, not one per partition");
            }
            partitions += p;
            rss = record(ScaleCurve.BROKER_RSS_PARTITIONS, broker, partitions);
        }
        results.scalePoints.add(new ScalePoint(ScaleCurve.BROKER_RSS_CONNECTIONS, broker.kind(), "", 0, 0, rss,
                Double.NaN, null));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < s.connections(); i++) {
                sockets.add(apiVersionsExchanged(broker.bootstrapServers(), i));
            }
            record(ScaleCurve.BROKER_RSS_CONNECTIONS, broker, s.connections());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private double record(ScaleCurve curve, BrokerProcess broker, long x) throws Exception {
        double rss = rssAfterGc(broker);
        results.scalePoints.add(new ScalePoint(curve, broker.kind(), "", x, 0, rss, Double.NaN, null));
        System.out.printf(Locale.ROOT, "  %-11s %,6d %-24s RSS %6.1f MiB%n", SuiteResults.shortName(broker.kind()), x,
                curve == ScaleCurve.BROKER_RSS_PARTITIONS ? "partitions" : "connections", rss);
        return rss;
    }

    /** The broker's RSS after {@code jcmd <pid> GC.run}. */
    private static double rssAfterGc(BrokerProcess broker) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("No jcmd at " + jcmd + " to collect the broker's garbage before its RSS");
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(broker.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + broker.pid() + " GC.run failed or took over 60 s");
        }
        return broker.rssMiB();
    }

    /**
     * A connection to the broker that has had one ApiVersions v0 exchange (header v1: api key 18, version 0,
     * correlation id, null client id), so the broker has set it up as a client's; left open, idle.
     */
    private static Socket apiVersionsExchanged(String bootstrap, int correlationId) throws IOException {
        int colon = bootstrap.lastIndexOf(':');
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(bootstrap.substring(0, colon),
                    Integer.parseInt(bootstrap.substring(colon + 1))), 10_000);
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(10);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(-1);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            int answered = in.readInt();
            if (answered != correlationId) {
                throw new IOException("ApiVersions answered correlation id " + answered + ", sent " + correlationId);
            }
            in.skipNBytes(size - 4);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
