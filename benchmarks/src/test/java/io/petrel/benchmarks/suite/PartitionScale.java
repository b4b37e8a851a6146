package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.ProducerClients.Client;
import io.petrel.benchmarks.producer.QuietMachine;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.producer.RunResult;
import io.petrel.benchmarks.suite.SuiteResults.ConsumerRun;
import io.petrel.benchmarks.suite.SuiteResults.ProducerCell;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.util.List;
import java.util.Locale;

/**
 * The scale part's partitions curve. Per partition count, broker and client (interleaved, repeated): a fresh
 * topic of that many partitions; one producer sends {@code partitionRecords} records of 100 B, record i to
 * partition i mod P (so every partition is in use, as keyed traffic would spread), measured as the producer
 * part measures; then the consumer of the same client reads them all from the beginning, every partition
 * assigned, timed as the consumer part times. Each client's heap is weighed ({@link HeapGauge}) after its
 * last record, still open with all partitions in use. Broker RSS per partition is {@link BrokerMemoryScale}'s.
 */
final class PartitionScale {
    static final int RECORD_SIZE = 100;
    static final ProducerCell CELL = new ProducerCell(RECORD_SIZE, "1", "none");

    private final Payloads payloads = new Payloads(RECORD_SIZE, 17);
    private int topicSequence;

    private final ScaleRun run;

    PartitionScale(ScaleRun run) {
        this.run = run;
    }

    void run() throws Exception {
        ScaleSettings s = run.settings();
        List<Integer> clients = List.of(0, 1);
        System.out.printf(Locale.ROOT, "%nscale: partitions per topic %s, %,d records of %d B%n", s.partitions(),
                s.partitionRecords(), RECORD_SIZE);
        for (BrokerProcess broker : run.brokers()) {
            for (int c : clients) {
                point(broker, c, 1, -1);
            }
        }
        for (int partitions : s.partitions()) {
            for (int r = 0; r < s.repeats(); r++) {
                for (BrokerProcess broker : Interleaving.order(run.brokers(), r)) {
                    for (int c : Interleaving.order(clients, r)) {
                        pointOrFailure(broker, c, partitions, r);
                    }
                }
            }
        }
    }

    /** A point, or its four figures recorded as failed: one broken point does not lose the curve. */
    private void pointOrFailure(BrokerProcess broker, int c, int partitions, int repeat) {
        try {
            point(broker, c, partitions, repeat);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.out.printf(Locale.ROOT, "  run %d %5d partitions %-11s client %d FAILED: %s%n", repeat + 1,
                    partitions, SuiteResults.shortName(broker.kind()), c, e);
            String producer = c == 0 ? ProducerClients.PETREL.name() : ProducerClients.KAFKA.name();
            String consumer = run.consumers().get(c).name();
            for (ScaleCurve curve : List.of(ScaleCurve.PARTITIONS_PRODUCE, ScaleCurve.PRODUCER_HEAP)) {
                run.results().scalePoints.add(ScalePoint.failed(curve, broker.kind(), producer, partitions, repeat,
                        e.toString()));
            }
            for (ScaleCurve curve : List.of(ScaleCurve.PARTITIONS_CONSUME, ScaleCurve.CONSUMER_HEAP)) {
                run.results().scalePoints.add(ScalePoint.failed(curve, broker.kind(), consumer, partitions, repeat,
                        e.toString()));
            }
        }
    }

    /** One producer run and one consumer run of client {@code c} (0 Petrel, 1 kafka-clients); unrecorded if repeat < 0. */
    private void point(BrokerProcess broker, int c, int partitions, int repeat) throws Exception {
        Client producer = c == 0 ? ProducerClients.PETREL : ProducerClients.KAFKA;
        ConsumerClient consumer = run.consumers().get(c);
        String topic = String.format(Locale.ROOT, "scale-partitions-%d-%d", partitions, ++topicSequence);
        broker.createTopic(topic, partitions);
        broker.awaitServing(topic);
        int n = run.settings().partitionRecords();
        await();
        double[] producerHeap = {Double.NaN, Double.NaN}; // before the producer opens, then its weight
        RunMeasurement m = new RunMeasurement(n, broker::cpuSeconds, new RunMeasurement.Hooks() {
            @Override
            public void afterEnd() {
                producerHeap[1] = HeapGauge.usedMiBAfterGc() - producerHeap[0];
            }
        });
        producerHeap[0] = HeapGauge.usedMiBAfterGc(); // the measurement's own objects are in the baseline
        producer.run(topic, partitions, ProducerMatrix.settings(broker.bootstrapServers(), CELL), payloads, n, m);
        long landed = broker.recordsIn(topic);
        RunResult sent = m.result(broker.name(), CELL.compression(), partitions, producer.name(), repeat, RECORD_SIZE,
                landed);
        await();
        double consumerBase = HeapGauge.usedMiBAfterGc();
        double[] consumerHeap = {Double.NaN};
        ConsumerRun read = ConsumerThroughput.read(broker, consumer, ConsumerThroughput.settings(broker.bootstrapServers()),
                topic, landed, repeat, () -> consumerHeap[0] = HeapGauge.usedMiBAfterGc() - consumerBase);
        broker.deleteTopic(topic);
        System.out.printf(Locale.ROOT, "  %-8s %5d partitions %-11s %-13s produce %9.0f rec/s heap %6.1f MiB |"
                        + " consume %9.0f rec/s heap %6.1f MiB%s%n", repeat < 0 ? "warm-up" : "run " + (repeat + 1),
                partitions, SuiteResults.shortName(broker.kind()), producer.name(), sent.recordsPerSecond(),
                producerHeap[1], read.recordsPerSecond(), consumerHeap[0],
                sent.ok() && read.ok() ? "" : "  FAILED: " + (sent.ok() ? read.error() : sent.firstError()));
        if (repeat < 0) {
            return;
        }
        String sendError = sent.ok() ? null : sent.errors() + " errors, " + sent.landed() + " of " + n
                + " landed, first " + sent.firstError();
        run.results().scalePoints.add(new ScalePoint(ScaleCurve.PARTITIONS_PRODUCE, broker.kind(), producer.name(),
                partitions, repeat, sent.recordsPerSecond(), sent.megabytesPerSecond(), sendError));
        run.results().scalePoints.add(new ScalePoint(ScaleCurve.PRODUCER_HEAP, broker.kind(), producer.name(), partitions,
                repeat, producerHeap[1], Double.NaN, sendError));
        run.results().scalePoints.add(new ScalePoint(ScaleCurve.PARTITIONS_CONSUME, broker.kind(), consumer.name(),
                partitions, repeat, read.recordsPerSecond(), read.megabytesPerSecond(), read.error()));
        run.results().scalePoints.add(new ScalePoint(ScaleCurve.CONSUMER_HEAP, broker.kind(), consumer.name(), partitions,
                repeat, consumerHeap[0], Double.NaN, read.error()));
    }

    private void await() throws InterruptedException {
        run.awaitQuiet();
    }
}
