package io.petrel.interop;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An idempotent acks=all kafka-clients producer sending {@link TestRecords} with rising sequence numbers until
 * stopped, from its own thread: what it sent, what was acknowledged, what failed. For the crash tests.
 */
final class AckingWriter implements AutoCloseable {
    final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger sent = new AtomicInteger();
    private final KafkaProducer<byte[], byte[]> producer;
    private final TestRecords records;
    private final Thread thread;
    private final Semaphore unacknowledged;
    /** Records this writer may still send; unlimited unless the writer was made with an allowance. */
    private final Semaphore allowance;
    private volatile boolean running = true;

    /** A writer sending as fast as the producer takes records. */
    AckingWriter(String bootstrap, TestRecords records) {
        this(bootstrap, records, Integer.MAX_VALUE);
    }

    /** A writer with at most {@code maxUnacknowledged} records sent and not yet acknowledged (or failed). */
    AckingWriter(String bootstrap, TestRecords records, int maxUnacknowledged) {
        this(bootstrap, records, maxUnacknowledged, Integer.MAX_VALUE);
    }

    /**
     * A writer with at most {@code maxUnacknowledged} records sent and not yet acknowledged, which sends
     * {@code allowance} records and then more only as {@link #allow} permits: so a test decides how much a round
     * writes, not the speed of the machine.
     */
    AckingWriter(String bootstrap, TestRecords records, int maxUnacknowledged, int allowance) {
        this.records = records;
        this.unacknowledged = new Semaphore(maxUnacknowledged);
        this.allowance = new Semaphore(allowance);
        Properties config = Interop.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Requests lost with the broker are retried soon after it is back.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(4 * 1024 * 1024));
        this.producer = new KafkaProducer<>(config);
        this.thread = new Thread(this::run, "crash-writer");
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                if (!allowance.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                while (!unacknowledged.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (!running) {
                        return;
                    }
                }
                int seq = sent.get();
                producer.send(records.record(seq), (metadata, e) -> {
                    if (e == null) {
                        acked.add(seq);
                    } else {
                        failures.add(e);
                    }
                    unacknowledged.release();
                });
                sent.incrementAndGet();
            }
        } catch (Exception e) {
            failures.add(e);
        }
    }

    /** Lets the writer send {@code more} records (for a writer made with an allowance). */
    void allow(int more) {
        allowance.release(more);
    }

    boolean running() {
        return running && thread.isAlive();
    }

    /** Stops sending, waits for every send to complete and returns how many were sent. */
    int stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(90));
        producer.flush();
        return sent.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
