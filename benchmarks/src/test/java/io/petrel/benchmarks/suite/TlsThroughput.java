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
import io.petrel.benchmarks.suite.SuiteResults.Side;
import io.petrel.benchmarks.suite.SuiteResults.TlsRun;
import io.petrel.benchmarks.suite.SuiteResults.Transport;
import io.petrel.broker.tls.StoreType;
import io.petrel.broker.tls.TestCertificates;
import io.petrel.testsupport.ScratchDirectory;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The TLS part: what TLS costs each client. One Apache Kafka 4.3.1 with two client listeners, PLAINTEXT and TLS
 * (SSL, the server's certificate from broker-stub's test CA, no client certificate), and both clients over both,
 * on the producer part's 100 B, acks=1, no compression cell and the consumer part's workload. So the report can
 * put Petrel / kafka-clients over TLS beside the same ratio over PLAINTEXT, measured on the same broker in the same
 * minutes. Each repeat visits the four client x transport runs back to back, in an order that flips every repeat;
 * each is warmed once first. The TLS clients trust the CA and verify the host name (Kafka's default).
 */
final class TlsThroughput {
    static final ProducerCell CELL = new ProducerCell(100, "1", "none");
    private static final List<Transport> TRANSPORTS = List.of(Transport.PLAINTEXT, Transport.TLS);

    private final SuiteOptions options;
    private final SuiteResults results;
    private final QuietMachine quiet;
    private final List<ConsumerClient> consumers;
    private final Set<String> warmed = new HashSet<>();
    private int topicSequence;

    TlsThroughput(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<ConsumerClient> consumers) {
        this.options = options;
        this.results = results;
        this.quiet = quiet;
        this.consumers = consumers;
    }

    void run() throws Exception {
        Path dir = ScratchDirectory.create("petrel-bench-tls-");
        try {
            TestCertificates certificates = TestCertificates.generate(dir);
            try (BrokerProcess kafka = BrokerProcess.startKafkaWithTls(options.brokerJvmOptions(),
                    certificates.serverKeyStore())) {
                System.out.printf(Locale.ROOT, "%ntls: %s, PLAINTEXT %s, TLS %s%n", kafka.name(),
                        kafka.bootstrapServers(), kafka.tlsBootstrapServers().orElseThrow());
                Map<Transport, Map<String, Object>> security = security(certificates);
                producer(kafka, security);
                consumer(kafka, security);
            }
        } finally {
            ScratchDirectory.deleteTree(dir);
        }
    }

    /** The client settings, besides the address, of each transport. */
    private static Map<Transport, Map<String, Object>> security(TestCertificates certificates) {
        Map<Transport, Map<String, Object>> security = new EnumMap<>(Transport.class);
        security.put(Transport.PLAINTEXT, Map.of());
        Map<String, Object> tls = new LinkedHashMap<>(certificates.trustStore().kafkaProperties(StoreType.PKCS12));
        tls.put("security.protocol", "SSL");
        security.put(Transport.TLS, Map.copyOf(tls));
        return security;
    }

    private static String bootstrap(BrokerProcess kafka, Transport transport) {
        return transport == Transport.TLS ? kafka.tlsBootstrapServers().orElseThrow() : kafka.bootstrapServers();
    }

    private void producer(BrokerProcess kafka, Map<Transport, Map<String, Object>> security) throws Exception {
        List<Client> clients = List.of(ProducerClients.PETREL, ProducerClients.KAFKA);
        Payloads payloads = new Payloads(CELL.recordSize(), 42);
        int records = options.producerRecords(CELL.recordSize());
        System.out.printf(Locale.ROOT, "tls: producer, %s, %,d records%n", CELL.label(), records);
        for (int r = 0; r < options.producerRepeats(); r++) {
            for (Transport transport : Interleaving.order(TRANSPORTS, r)) {
                for (Client client : Interleaving.order(clients, r)) {
                    Map<String, Object> settings = new LinkedHashMap<>(
                            ProducerMatrix.settings(bootstrap(kafka, transport), CELL));
                    settings.putAll(security.get(transport));
                    if (warmed.add(transport + "/" + client.name())) {
                        print("warm-up", produce(kafka, client, transport, settings, payloads,
                                options.producerWarmupRecords(CELL.recordSize()), -1));
                    }
                    TlsRun run = produce(kafka, client, transport, settings, payloads, records, r);
                    results.tlsRuns.add(run);
                    print("run " + (r + 1), run);
                }
            }
        }
    }

    /** One producer run into a fresh topic; a repeat of -1 is a warm-up, which does not wait for a quiet machine. */
    private TlsRun produce(BrokerProcess kafka, Client client, Transport transport, Map<String, Object> settings,
                           Payloads payloads, int records, int repeat) throws Exception {
        String topic = String.format(Locale.ROOT, "tls-produce-%d", ++topicSequence);
        kafka.createTopic(topic, 1);
        if (repeat >= 0) {
            System.gc();
            Thread.sleep(options.pauseBetweenRuns().toMillis());
            quiet.await(kafka::cpuSeconds);
        }
        RunMeasurement m = new RunMeasurement(records, kafka::cpuSeconds, RunMeasurement.Hooks.NONE);
        try {
            client.run(topic, settings, payloads, records, m);
        } catch (Exception e) {
            // A client that cannot work over a transport: a failed run, not a failed part.
            kafka.deleteTopic(topic);
            return new TlsRun(Side.PRODUCER, transport, client.name(), repeat, Double.NaN, Double.NaN, Double.NaN,
                    e.toString());
        }
        RunResult run = m.result(kafka.name(), CELL.compression(), 1, client.name(), repeat, CELL.recordSize(),
                kafka.recordsIn(topic));
        kafka.deleteTopic(topic);
        return new TlsRun(Side.PRODUCER, transport, client.name(), repeat, run.recordsPerSecond(),
                run.megabytesPerSecond(), run.otherCpuSeconds() / run.seconds(), run.ok() ? null : run.errors() + " errors, " + run.landed() + " of "
                + records + " landed, first " + run.firstError());
    }

    private void consumer(BrokerProcess kafka, Map<Transport, Map<String, Object>> security) throws Exception {
        int records = options.consumerRecords();
        String topic = ConsumerThroughput.fill(kafka, "tls-consume-" + ConsumerThroughput.RECORD_SIZE, records);
        System.out.printf(Locale.ROOT, "tls: consumer, %,d x %d B%n", records, ConsumerThroughput.RECORD_SIZE);
        for (int r = -1; r < options.consumerRepeats(); r++) {
            for (Transport transport : Interleaving.order(TRANSPORTS, Math.max(r, 0))) {
                for (ConsumerClient client : Interleaving.order(consumers, Math.max(r, 0))) {
                    Map<String, Object> settings = new LinkedHashMap<>(
                            ConsumerThroughput.settings(bootstrap(kafka, transport)));
                    settings.putAll(security.get(transport));
                    if (r >= 0) {
                        System.gc();
                        Thread.sleep(options.pauseBetweenRuns().toMillis());
                        quiet.await(kafka::cpuSeconds);
                    }
                    ConsumerRun run = ConsumerThroughput.read(kafka, client, settings, topic, records, r);
                    TlsRun tlsRun = new TlsRun(Side.CONSUMER, transport, client.name(), r, run.recordsPerSecond(),
                            run.megabytesPerSecond(), run.otherCpuSeconds() / run.seconds(), run.error());
                    if (r >= 0) {
                        results.tlsRuns.add(tlsRun);
                    }
                    print(r < 0 ? "warm-up" : "run " + (r + 1), tlsRun);
                }
            }
        }
        kafka.deleteTopic(topic);
    }

    private static void print(String what, TlsRun r) {
        System.out.printf(Locale.ROOT, "  %-8s %-9s %-13s %10.0f rec/s %7.1f MB/s  other load %.2f cores%s%n", what,
                r.transport(), r.client(), r.recordsPerSecond(), r.megabytesPerSecond(), r.otherCores(),
                r.ok() ? "" : "  FAILED: " + r.error());
    }
}
