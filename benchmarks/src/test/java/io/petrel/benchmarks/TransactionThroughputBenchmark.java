package io.petrel.benchmarks;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.producer.Producer;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transactional throughput of two clients, Petrel's producer and kafka-clients 4.3.1's, each on broker-stub and on
 * a real Apache Kafka 4.3.1 broker (transactions version 2 on both): transactions of 100 and of 10,000 records of
 * 100 bytes over 3 partitions, each committed before the next begins, as a consume-transform-produce loop commits.
 * Prints records/s and transactions/s (median of the runs), the broker-stub/Kafka ratio per client and the
 * Petrel/kafka-clients ratio per broker. Both producers run with the same settings (linger.ms 5, batch.size 64 KiB).
 *
 * <pre>
 * mvn -q -B -ntp -o -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/benchmarks/target/test-classpath.txt   # the reactor's modules as target/classes
 * java -Xmx512m -cp benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt) \
 *     io.petrel.benchmarks.TransactionThroughputBenchmark [RECORDS_PER_RUN] [RUNS]
 * </pre>
 *
 * <p>Measured on the shared 2-core machine (100,000 records per run, 3 runs, 2026-12-06), kafka-clients alone:
 * transactions of 100 records 51,791 rec/s on broker-stub, 7,647 rec/s on Kafka (6.8x); of 10,000 records 166,870
 * vs 129,694 rec/s (1.3x). Not profiled: a likely reason for Kafka's small-transaction figure is that it completes
 * a transaction (markers, CompleteCommit) after answering EndTxn, and a next transaction begun before that is
 * answered CONCURRENT_TRANSACTIONS and retried. Petrel beside it: see benchmarks/README.md.
 */
public final class TransactionThroughputBenchmark {
    private static final int PARTITIONS = 3;
    private static final int RECORD_BYTES = 100;
    private static final int[] TRANSACTION_SIZES = {100, 10_000};
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private TransactionThroughputBenchmark() {
    }

    /** One configuration's median figures. */
    private record Figures(double recordsPerSecond, double transactionsPerSecond) {
    }

    /** A transactional producer under measurement: kafka-clients' or Petrel's. */
    private interface TransactionalWriter extends AutoCloseable {
        void initTransactions();

        void beginTransaction();

        void send(String topic, byte[] value);

        void commitTransaction();

        @Override
        void close();
    }

    private enum Client {
        KAFKA_CLIENTS("kafka-clients 4.3.1"),
        PETREL("Petrel");

        final String label;

        Client(String label) {
            this.label = label;
        }

        TransactionalWriter open(String bootstrap, String transactionalId) {
            Map<String, Object> settings = Map.of("bootstrap.servers", bootstrap, "transactional.id", transactionalId,
                    "linger.ms", 5, "batch.size", 65_536);
            if (this == PETREL) {
                Producer<byte[], byte[]> producer = Producer.create(settings, new io.petrel.serializers.ByteArraySerializer(),
                        new io.petrel.serializers.ByteArraySerializer());
                return new TransactionalWriter() {
                    public void initTransactions() {
                        producer.initTransactions();
                    }

                    public void beginTransaction() {
                        producer.beginTransaction();
                    }

                    public void send(String topic, byte[] value) {
                        producer.send(io.petrel.producer.ProducerRecord.of(topic, value));
                    }

                    public void commitTransaction() {
                        producer.commitTransaction();
                    }

                    public void close() {
                        producer.close();
                    }
                };
            }
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                    new ByteArraySerializer());
            return new TransactionalWriter() {
                public void initTransactions() {
                    producer.initTransactions();
                }

                public void beginTransaction() {
                    producer.beginTransaction();
                }

                public void send(String topic, byte[] value) {
                    producer.send(new ProducerRecord<>(topic, null, value));
                }

                public void commitTransaction() {
                    producer.commitTransaction();
                }

                public void close() {
                    producer.close();
                }
            };
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> lines = new ArrayList<>();
        try (Broker stub = Broker.start(BrokerConfig.builder().build());
             RealKafkaBroker kafka = RealKafkaBroker.start()) {
            for (int size : TRANSACTION_SIZES) {
                Map<Client, Figures> onStub = new java.util.EnumMap<>(Client.class);
                Map<Client, Figures> onKafka = new java.util.EnumMap<>(Client.class);
                for (Client client : Client.values()) {
                    onStub.put(client, measure(client, stub.bootstrapServers(), size, records, runs));
                    onKafka.put(client, measure(client, kafka.bootstrapServers(), size, records, runs));
                }
                for (Client client : Client.values()) {
                    Figures s = onStub.get(client);
                    Figures k = onKafka.get(client);
                    lines.add(String.format("| %,d | %s | %,.0f rec/s, %,.1f txn/s | %,.0f rec/s, %,.1f txn/s | %.2f |",
                            size, client.label, s.recordsPerSecond(), s.transactionsPerSecond(), k.recordsPerSecond(),
                            k.transactionsPerSecond(), s.recordsPerSecond() / k.recordsPerSecond()));
                }
                lines.add(String.format("| %,d | Petrel / kafka-clients | %.2f | %.2f | |", size,
                        onStub.get(Client.PETREL).recordsPerSecond() / onStub.get(Client.KAFKA_CLIENTS).recordsPerSecond(),
                        onKafka.get(Client.PETREL).recordsPerSecond() / onKafka.get(Client.KAFKA_CLIENTS).recordsPerSecond()));
            }
        }
        System.out.println("Transactional producers, " + records + " records of " + RECORD_BYTES + " B per run, median of "
                + runs + " runs");
        System.out.println("| records per transaction | client | broker-stub | Apache Kafka 4.3.1 | broker-stub / Kafka |");
        System.out.println("|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static Figures measure(Client client, String bootstrap, int transactionSize, int records, int runs)
            throws Exception {
        String topic = "txn-bench-" + TOPICS.incrementAndGet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        byte[] value = new byte[RECORD_BYTES];
        List<Double> recordRates = new ArrayList<>();
        try (TransactionalWriter producer = client.open(bootstrap, topic + "-producer")) {
            producer.initTransactions();
            runTransactions(producer, topic, value, transactionSize, Math.max(transactionSize, records / 10)); // warm-up
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                int sent = runTransactions(producer, topic, value, transactionSize, records);
                recordRates.add(sent / ((System.nanoTime() - start) / 1e9));
            }
        }
        recordRates.sort(null);
        double median = recordRates.get(recordRates.size() / 2);
        return new Figures(median, median / transactionSize);
    }

    private static int runTransactions(TransactionalWriter producer, String topic, byte[] value, int transactionSize,
                                       int records) {
        int sent = 0;
        while (sent < records) {
            producer.beginTransaction();
            for (int i = 0; i < transactionSize; i++) {
                producer.send(topic, value);
            }
            producer.commitTransaction();
            sent += transactionSize;
        }
        return sent;
    }
}
