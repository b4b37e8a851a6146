package io.petrel.interop;

import io.petrel.consumer.SequencedRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes {@link SequencedRecords} round the partitions of a topic with kafka-clients' idempotent producer, at a
 * modest pace (a few thousand a second), until stopped; each partition's n-th record lands at offset n.
 */
public final class SequencedWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final SequencedRecords records;
    private final String topic;
    private final int partitions;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final long[] written;
    private volatile boolean running = true;
    private volatile long acknowledged;

    public SequencedWriter(String bootstrap, SequencedRecords records, String topic, int partitions) {
        this.records = records;
        this.topic = topic;
        this.partitions = partitions;
        this.written = new long[partitions];
        Properties config = Interop.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(config);
        this.thread = new Thread(this::run, "sequenced-writer");
        thread.start();
    }

    private void run() {
        long sent = 0;
        while (running) {
            int p = (int) (sent % partitions);
            producer.send(records.record(topic, p, written[p]++), (m, e) -> {
                if (e != null) {
                    failures.add(e);
                }
            });
            sent++;
            if (sent % 24 == 0) {
                producer.flush();
                acknowledged = sent;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing, not synchronisation
            }
        }
        producer.flush();
        acknowledged = sent;
    }

    /** Records acknowledged so far. */
    public long acknowledged() {
        return acknowledged;
    }

    /** Stops writing and returns how many records each partition got, every one acknowledged. */
    public long[] stop() {
        running = false;
        join();
        assertTrue(failures.isEmpty(), () -> failures.size() + " sends failed, the first: " + failures.peek());
        return written.clone();
    }

    private void join() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        join();
        producer.close(Duration.ofSeconds(5));
    }
}
