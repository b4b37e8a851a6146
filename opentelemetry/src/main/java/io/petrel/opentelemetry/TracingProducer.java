package io.petrel.opentelemetry;

import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.PartitionInfo;
import io.petrel.client.TopicPartition;
import io.petrel.producer.Callback;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A producer whose sends go through {@link PetrelTracing#send}; everything else is the wrapped producer's. */
final class TracingProducer<K, V> implements Producer<K, V> {
    private final Producer<K, V> producer;
    private final PetrelTracing tracing;

    TracingProducer(Producer<K, V> producer, PetrelTracing tracing) {
        this.producer = producer;
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return tracing.send(producer, record, null);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        return tracing.send(producer, record, callback);
    }

    @Override
    public void initTransactions() {
        producer.initTransactions();
    }

    @Override
    public void beginTransaction() {
        producer.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        producer.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        producer.commitTransaction();
    }

    @Override
    public CompletableFuture<Void> commitTransactionAsync() {
        return producer.commitTransactionAsync();
    }

    @Override
    public void abortTransaction() {
        producer.abortTransaction();
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    @Override
    public Map<String, Double> metrics() {
        return producer.metrics();
    }

    @Override
    public Map<MetricName, ? extends Metric> allMetrics() {
        return producer.allMetrics();
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
