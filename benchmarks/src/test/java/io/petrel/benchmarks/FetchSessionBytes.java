package io.petrel.benchmarks;

import io.petrel.benchmarks.suite.ConsumerClient;
import io.petrel.benchmarks.suite.ConsumerClients;
import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.testsupport.ApiTraffic;
import io.petrel.testsupport.FaultProxy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fetch request and response bytes per fetch for a consumer of many partitions of which few get records, with
 * incremental fetch sessions (KIP-227) and without (broker-stub with max.incremental.fetch.session.cache.slots 0,
 * so every fetch is full), Petrel's consumer beside kafka-clients'.
 *
 * <p>How it measures: the consumer reaches broker-stub through a {@link FaultProxy} that the broker advertises, so
 * every byte of every Fetch crosses the proxy and is counted there, size prefix included. After the consumer has
 * caught up, each round writes one record to each active partition and polls until they are read; the figure is
 * the Fetch bytes over those rounds divided by the fetches sent. Bytes are deterministic where times on a shared
 * machine are not: a full fetch names every partition and is answered with every partition, an incremental one
 * names and answers only what changed.
 *
 * <pre>{@code
 * java -cp "$(cat benchmarks/target/suite-classpath.txt):benchmarks/target/test-classes" \
 *     io.petrel.benchmarks.FetchSessionBytes [partitions=1000] [active=5] [rounds=200]
 * }</pre>
 */
public final class FetchSessionBytes {
    private static final String TOPIC = "fetch-session-bytes";
    private static final int FETCH = 1;

    private FetchSessionBytes() {
    }

    /**
     * One measurement.
     *
     * @param client             "Petrel" or "kafka-clients"
     * @param sessions           whether the broker kept fetch sessions
     * @param fetches            fetches sent over the measured rounds
     * @param requestBytesPerFetch  average Fetch request bytes
     * @param responseBytesPerFetch average Fetch response bytes
     */
    public record Figure(String client, boolean sessions, long fetches, double requestBytesPerFetch,
                         double responseBytesPerFetch) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f |", client,
                    sessions ? "incremental (sessions)" : "full (no session slots)", fetches, requestBytesPerFetch,
                    responseBytesPerFetch);
        }
    }

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int active = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.printf(Locale.ROOT, "Fetch bytes per fetch, %d partitions, %d active, %d rounds%n%n", partitions,
                active, rounds);
        System.out.println("| client | fetch mode | fetches sent | request bytes / fetch | response bytes / fetch |");
        System.out.println("|---|---|---|---|---|");
        for (Figure f : measureAll(partitions, active, rounds)) {
            System.out.println(f.row());
        }
    }

    /** Both clients, without and with sessions. */
    public static List<Figure> measureAll(int partitions, int active, int rounds) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (ConsumerClient client : ConsumerClients.all()) {
            for (boolean sessions : new boolean[] {false, true}) {
                figures.add(measure(client, sessions, partitions, active, rounds));
            }
        }
        return figures;
    }

    /** One client against a fresh broker-stub with or without session slots. */
    public static Figure measure(ConsumerClient client, boolean sessions, int partitions, int active, int rounds)
            throws Exception {
        try (FaultProxy proxy = FaultProxy.start("fetch-bytes");
             Broker broker = Broker.start(BrokerConfig.builder().numPartitions(partitions)
                     .advertisedPort(proxy.port()).fetchSessionCacheSlots(sessions ? 1000 : 0).build())) {
            proxy.forwardTo(new InetSocketAddress("127.0.0.1", broker.port()));
            Map<String, Object> settings = Map.of("bootstrap.servers", proxy.address());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.address(), ProducerConfig.LINGER_MS_CONFIG, 0),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.partitionsFor(TOPIC); // creates the topic with every partition
                try (ConsumerClient.Reader reader = client.open(settings, TOPIC, false)) {
                    // The first fetch names every partition either way; the figure is about the ones after it.
                    round(producer, reader, partitions, active);
                    ApiTraffic.Totals before = proxy.traffic().of(FETCH);
                    for (int r = 0; r < rounds; r++) {
                        round(producer, reader, partitions, active);
                    }
                    ApiTraffic.Totals spent = proxy.traffic().of(FETCH).since(before);
                    return new Figure(client.name(), sessions, spent.requests(),
                            (double) spent.requestBytes() / spent.requests(),
                            (double) spent.responseBytes() / spent.responses());
                }
            }
        }
    }

    /** One record to each active partition (spread over the topic), then polls until all are read. */
    private static void round(KafkaProducer<byte[], byte[]> producer, ConsumerClient.Reader reader, int partitions,
                              int active) throws Exception {
        for (int i = 0; i < active; i++) {
            producer.send(new ProducerRecord<>(TOPIC, i * (partitions / active), null, new byte[100]));
        }
        producer.flush();
        int read = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (read < active) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Read " + read + " of " + active + " records within 30 s");
            }
            read += reader.poll(Duration.ofMillis(100), value -> { });
        }
    }
}
