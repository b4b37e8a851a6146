package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.serializers.ByteArraySerializer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A side experiment beside the suite's latency part: where does end-to-end latency come from? It runs the
 * latency workload (100 B records at a fixed rate, {@link EndToEndLatency}'s settings) with the producer and
 * consumer of different clients mixed (Petrel producer with kafka-clients' consumer and the other way round),
 * so the producer side and the consumer side of Petrel's tail can be told apart, and it records each
 * producer's send() to acknowledgement latency too.
 *
 * <pre>
 * java -cp benchmarks/target/test-classes:$(cat benchmarks/target/suite-classpath.txt) \
 *     io.petrel.benchmarks.suite.LatencySplit [stub|kafka] [rate] [seconds] [repeats] [pairs, e.g. PP,PK,KP,KK]
 * </pre>
 * A pair names the producer then the consumer: P Petrel, K kafka-clients. Pairs run interleaved, the order
 * reversed every repeat.
 */
public final class LatencySplit {
    private LatencySplit() {
    }

    public static void main(String[] args) throws Exception {
        runPairs(args, "PP,PK,KP,KK", "split-", LatencySplit::runOnce);
    }

    /** One run of one pair on a fresh topic of one partition. */
    @FunctionalInterface
    interface PairRun {
        void run(String bootstrap, String topic, String pair, int rate, int seconds) throws Exception;
    }

    /**
     * Reads [stub|kafka] [rate] [seconds] [repeats] [pairs] from {@code args}, starts the broker and runs each pair
     * once per repeat, interleaved, the order reversed every repeat, each on a new topic named from
     * {@code topicPrefix} after a GC and half a second's rest.
     */
    static void runPairs(String[] args, String defaultPairs, String topicPrefix, PairRun run) throws Exception {
        BrokerProcess.Kind kind = args.length > 0 && args[0].equals("kafka") ? BrokerProcess.Kind.KAFKA
                : BrokerProcess.Kind.STUB;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> pairs = Arrays.asList((args.length > 4 ? args[4] : defaultPairs).split(","));
        AtomicInteger topics = new AtomicInteger();
        List<String> brokerOptions = new ArrayList<>(List.of("-Xmx1g"));
        // e.g. -Dprofile.broker.options=-Xlog:gc:file=broker-gc.log for the broker's GC pauses
        String extra = System.getProperty("profile.broker.options", "");
        if (!extra.isBlank()) {
            brokerOptions.addAll(List.of(extra.trim().split("\\s+")));
        }
        try (BrokerProcess broker = BrokerProcess.start(kind, brokerOptions)) {
            System.out.printf(Locale.ROOT, "%s, %,d records/s, %d s (first 2 s not counted), %d repeats%n",
                    kind.displayName(), rate, seconds, repeats);
            for (int r = 0; r < repeats; r++) {
                List<String> order = new ArrayList<>(pairs);
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String pair : order) {
                    System.gc();
                    Thread.sleep(500);
                    String topic = topicPrefix + topics.incrementAndGet();
                    broker.createTopic(topic, 1);
                    try {
                        run.run(broker.bootstrapServers(), topic, pair, rate, seconds);
                    } finally {
                        broker.deleteTopic(topic);
                    }
                }
            }
        }
    }

    private static void runOnce(String bootstrap, String topic, String pair, int rate, int seconds) throws Exception {
        long total = (long) rate * seconds;
        long warmup = rate * 2L;
        String consumerName = pair.charAt(1) == 'P' ? SuiteResults.PETREL : SuiteResults.KAFKA_CLIENTS;
        ConsumerClient client = pair.charAt(1) == 'P' ? new PetrelConsumerClient() : new KafkaConsumerClient();
        Histogram e2e = new Histogram(3);
        Histogram ack = new Histogram(3);
        double load;
        String switches;
        try (ConsumerClient.Reader reader = client.open(EndToEndLatency.consumerSettings(bootstrap), topic, true);
             TimedSender sender = pair.charAt(0) == 'P'
                     ? TimedSender.petrel(EndToEndLatency.producerSettings(bootstrap), topic, warmup, ack)
                     : TimedSender.kafka(EndToEndLatency.producerSettings(bootstrap), topic, warmup, ack)) {
            java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CountDownLatch counted = new java.util.concurrent.CountDownLatch(1);
            Thread consumer = new Thread(() -> {
                while (received.get() < total) {
                    received.addAndGet(reader.poll(java.time.Duration.ofMillis(50), value -> {
                        long now = System.nanoTime();
                        ByteBuffer b = ByteBuffer.wrap(value);
                        long sent = b.getLong();
                        if (b.getLong() >= warmup) {
                            e2e.recordValue(Math.max(0, (now - sent) / 1000));
                        }
                    }));
                }
                try {
                    counted.await(); // alive until its context switches are counted
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "split-consumer");
            consumer.start();
            Thread.sleep(200);
            Map<String, long[]> before = ThreadSwitches.snapshot();
            RateSchedule schedule = new RateSchedule(System.nanoTime(), rate, total);
            for (long i = 0; i < total; i++) {
                long now = System.nanoTime();
                while (schedule.dueBy(now) <= i) {
                    LockSupport.parkNanos(schedule.dueAt(i) - now);
                    now = System.nanoTime();
                }
                sender.send(i);
            }
            sender.flush();
            long waitUntil = System.nanoTime() + 30_000_000_000L;
            while (received.get() < total && System.nanoTime() - waitUntil < 0) {
                Thread.sleep(10);
            }
            switches = ThreadSwitches.perRecord(before, ThreadSwitches.snapshot(), total);
            counted.countDown();
            consumer.join();
            load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
        System.out.printf(Locale.ROOT, "  %s (producer %s, consumer %s)  e2e p50 %5.2f p99 %5.2f p99.9 %5.2f ms"
                        + " | send->ack p50 %5.2f p99 %5.2f p99.9 %5.2f ms | load %.2f%n",
                pair, pair.charAt(0) == 'P' ? "Petrel" : "kafka-clients", consumerName,
                ms(e2e, 50), ms(e2e, 99), ms(e2e, 99.9), ms(ack, 50), ms(ack, 99), ms(ack, 99.9), load);
        System.out.println("      per record, by thread: " + switches);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static byte[] stamped(long sequence) {
        byte[] value = new byte[EndToEndLatency.RECORD_SIZE];
        Arrays.fill(value, 16, value.length, (byte) 'A');
        ByteBuffer.wrap(value).putLong(System.nanoTime()).putLong(sequence);
        return value;
    }

    /** One value's send: the producer's send() with a callback told the failure, or null. */
    @FunctionalInterface
    private interface Send {
        void send(byte[] value, java.util.function.Consumer<Exception> done);
    }

    /** A producer of either client that stamps values and records send() to acknowledgement. */
    private static final class TimedSender implements AutoCloseable {
        private final Send send;
        private final Runnable flush;
        private final Runnable close;
        private final long warmup;
        private final Histogram ack;

        private TimedSender(Send send, Runnable flush, Runnable close, long warmup, Histogram ack) {
            this.send = send;
            this.flush = flush;
            this.close = close;
            this.warmup = warmup;
            this.ack = ack;
        }

        static TimedSender petrel(Map<String, Object> settings, String topic, long warmup, Histogram ack) {
            Producer<byte[], byte[]> producer = Producer.create(settings, new ByteArraySerializer(),
                    new ByteArraySerializer());
            producer.partitionsFor(topic);
            return new TimedSender((value, done) -> producer.send(ProducerRecord.<byte[], byte[]>of(topic, value),
                    (m, e) -> done.accept(e)), producer::flush, producer::close, warmup, ack);
        }

        static TimedSender kafka(Map<String, Object> settings, String topic, long warmup, Histogram ack) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            producer.partitionsFor(topic);
            return new TimedSender((value, done) -> producer.send(
                    new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value), (m, e) -> done.accept(e)),
                    producer::flush, producer::close, warmup, ack);
        }

        void send(long sequence) {
            byte[] value = stamped(sequence);
            long sent = System.nanoTime();
            send.send(value, e -> acked(sequence, sent, e));
        }

        void flush() {
            flush.run();
        }

        /** On the producer's callback thread (one per producer, so the histogram needs no lock). */
        private void acked(long sequence, long sentNanos, Exception e) {
            if (e != null) {
                throw new IllegalStateException("send failed", e);
            }
            if (sequence >= warmup) {
                ack.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
            }
        }

        @Override
        public void close() {
            close.run();
        }
    }
}
