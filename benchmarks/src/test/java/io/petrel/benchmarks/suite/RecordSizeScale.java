package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale part's record-size curve: one producer, a fresh 1-partition topic per run, the producer part's
 * settings ({@code acks=1}, no compression) but for {@code batch.size} = {@value ScaleSettings#SIZE_CURVE_BATCH_SIZE}
 * and {@code max.request.size} = {@value ScaleSettings#SIZE_CURVE_MAX_REQUEST_SIZE} at every size, for both
 * clients alike, so that a 100 KiB record fits a batch and the batch size does not change along the curve.
 * Each run sends about the same value bytes ({@link ScaleSettings#recordsOfSize}), after one unmeasured run of
 * that size per client and broker.
 */
final class RecordSizeScale {
    /** Value bytes a payload pool may hold: a pool of 100 KiB values is 128 of them. */
    private static final int POOL_BYTES = 16 << 20;

    private int topicSequence;

    private final ScaleRun run;

    RecordSizeScale(ScaleRun run) {
        this.run = run;
    }

    void run() throws Exception {
        ScaleSettings s = run.settings();
        List<Client> clients = List.of(ProducerClients.PETREL, ProducerClients.KAFKA);
        System.out.printf(Locale.ROOT, "%nscale: record sizes %s B%n", s.recordSizes());
        for (int size : s.recordSizes()) {
            // Each size is warmed for every client on every broker first: a 1 KiB warm-up left the large-record
            // paths (both clients' and the brokers') compiling during the first measured runs, which last well
            // under a second at 100 KiB.
            for (BrokerProcess broker : run.brokers()) {
                for (Client client : clients) {
                    runOnce(broker, client, size, -1);
                }
            }
            for (int r = 0; r < s.repeats(); r++) {
                for (BrokerProcess broker : Interleaving.order(run.brokers(), r)) {
                    for (Client client : Interleaving.order(clients, r)) {
                        try {
                            runOnce(broker, client, size, r);
                        } catch (Exception e) { // recorded, so one broken run does not lose the curve
                            if (e instanceof InterruptedException) {
                                throw e;
                            }
                            System.out.printf(Locale.ROOT, "  run %d %s %s %s FAILED: %s%n", r + 1,
                                    SuiteResults.sizeLabel(size), SuiteResults.shortName(broker.kind()), client.name(), e);
                            run.results().scalePoints.add(ScalePoint.failed(ScaleCurve.RECORD_SIZE, broker.kind(),
                                    client.name(), size, r, e.toString()));
                        }
                    }
                }
            }
        }
    }

    static Map<String, Object> settings(String bootstrap, int size) {
        Map<String, Object> settings = ProducerMatrix.settings(bootstrap, new ProducerCell(size, "1", "none"));
        settings.put("batch.size", Integer.toString(ScaleSettings.SIZE_CURVE_BATCH_SIZE));
        settings.put("max.request.size", Integer.toString(ScaleSettings.SIZE_CURVE_MAX_REQUEST_SIZE));
        return settings;
    }

    private void runOnce(BrokerProcess broker, Client client, int size, int repeat) throws Exception {
        int records = run.settings().recordsOfSize(size);
        Payloads payloads = new Payloads(size, 31, Math.min(16_384, Integer.highestOneBit(POOL_BYTES / size)));
        String topic = String.format(Locale.ROOT, "scale-size-%d-%d", size, ++topicSequence);
        broker.createTopic(topic, 1);
        broker.awaitServing(topic);
        System.gc();
        run.awaitQuiet();
        RunMeasurement m = new RunMeasurement(records, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
        client.run(topic, settings(broker.bootstrapServers(), size), payloads, records, m);
        RunResult r = m.result(broker.name(), "none", 1, client.name(), repeat, size, broker.recordsIn(topic));
        broker.deleteTopic(topic);
        System.out.printf(Locale.ROOT, "  %-8s %-9s %-11s %-13s %9.0f rec/s %7.1f MB/s%s%n",
                repeat < 0 ? "warm-up" : "run " + (repeat + 1), SuiteResults.sizeLabel(size),
                SuiteResults.shortName(broker.kind()), client.name(), r.recordsPerSecond(), r.megabytesPerSecond(),
                r.ok() ? "" : "  FAILED: " + r.errors() + " errors, " + r.landed() + " landed, " + r.firstError());
        if (repeat >= 0) {
            run.results().scalePoints.add(new ScalePoint(ScaleCurve.RECORD_SIZE, broker.kind(), client.name(), size, repeat,
                    r.recordsPerSecond(), r.megabytesPerSecond(), r.ok() ? null : r.errors() + " errors, "
                    + r.landed() + " of " + records + " landed, first " + r.firstError()));
        }
    }
}
