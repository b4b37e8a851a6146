package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.ConfigException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.PartitionInfo;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.config.ConfiguredInstance;
import io.petrel.client.internal.NetworkObserver;
import io.petrel.client.internal.metrics.ConnectionMetrics;
import io.petrel.client.internal.metrics.MetricRegistry;
import io.petrel.producer.Callback;
import io.petrel.producer.Partitioner;
import io.petrel.producer.Producer;
import io.petrel.producer.ProducerInterceptor;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.producer.RoundRobinPartitioner;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordHeader;
import io.petrel.serializers.SerializationException;
import io.petrel.serializers.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Petrel's {@link Producer}: its stages wired in pipeline order, as {@link #send} shows. Named as each client's
 * implementation is, Petrel and the interface it implements ({@code PetrelConsumer} likewise), as kafka-clients
 * names KafkaProducer, so a stack trace or log line says at once whose producer it is.
 *
 * <pre>
 *   send() ─ ProducerInterceptors ─ RecordSerializer ─┬─ RecordPartitioner ─ RecordAccumulator ─┐ (caller's thread)
 *                                                     └─ PendingRecords (topic not known yet) ───┤
 *   Sender: drain ready batches ─ ProduceExchange ─ RetryPolicy ─ RecordCompletion (sender = network I/O thread)
 *                                                                  └─ interceptors' onAcknowledgement, callback
 * </pre>
 *
 * <p>The caller's thread runs the interceptors' onSend (skipped when there are none), serializes, reserves the record's bytes in the {@link BufferPool} (the only place
 * send() may block, up to max.block.ms), partitions and appends. A record whose topic has no metadata yet
 * is parked in {@link PendingRecords}; the sender fetches the topic and hands the records on through the
 * same partition-and-append step. Everything after the accumulator runs on the sender thread, which is the
 * network's I/O thread ({@link ClientNetwork#ioThread()}, named {@code petrel-producer-sender}): the sender's
 * passes are tasks there, so a request is written and its answer completed without a hand-off between threads.
 *
 * <p>With a transactional.id, a {@link TransactionStateMachine} decides which calls are allowed (send()
 * checks it before anything else), learns each partition a record is appended to, and the sender runs the
 * coordinator's requests; the transactional calls wait on its {@link TransactionResult}s for max.block.ms.
 */
public final class PetrelProducer<K, V> implements Producer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(PetrelProducer.class);
    private static final NetworkFactory DEFAULT_NETWORK = new NetworkFactory() {
        @Override
        public ClientNetwork open(ProducerSettings settings, Time time) {
            return ClientNetwork.create(settings.networkConfig(), time);
        }

        @Override
        public ClientNetwork open(ProducerSettings settings, Time time, NetworkObserver observer) {
            return ClientNetwork.create(settings.networkConfig(), time, observer,
                    senderThreadName(settings));
        }
    };

    private final ProducerSettings settings;
    private final Time time;
    private final ProducerInterceptors<K, V> interceptors;
    /** Whether there are interceptors: without, a record's completion tells nobody, so they cost nothing. */
    private final boolean intercepted;
    private final RecordSerializer<K, V> serializer;
    private final RecordPartitioner partitioner;
    private final PendingRecords pending = new PendingRecords();
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final ClientNetwork network;
    private final ClusterMetadata metadata;
    private final PartitionCounts partitionCounts;
    private final MetricRegistry registry;
    private final ProducerMetrics metrics;
    private final Sender sender;
    /** Null without a transactional.id. */
    private final TransactionStateMachine transactions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    PetrelProducer(ProducerSettings settings, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                   Partitioner partitioner, ProducerInterceptors<K, V> interceptors, NetworkFactory networkFactory,
                   Time time) {
        this.settings = settings;
        this.time = time;
        this.interceptors = interceptors;
        this.intercepted = !interceptors.isEmpty();
        this.serializer = new RecordSerializer<>(keySerializer, valueSerializer, time);
        this.partitioner = new RecordPartitioner(partitioner);
        this.registry = MetricRegistry.forClient(settings.values(), time, settings.clientId(), "kafka.producer");
        this.metrics = new ProducerMetrics(registry);
        this.pool = new BufferPool(settings.bufferMemory(), settings.maxBlockMs(), time, metrics::bufferWaited);
        metrics.bufferGauges(pool);
        this.accumulator = new RecordAccumulator(settings.batchSize(), settings.lingerMs(), settings.compression(),
                settings.compressionLevel(),
                new BatchArrays(BatchArrays.arraySizeFor(settings.batchSize()), settings.bufferMemory()), time,
                settings.transactional());
        this.network = networkFactory.open(settings, time, new ConnectionMetrics(registry, "producer"));
        this.metadata = network.metadata();
        this.partitionCounts = new PartitionCounts(metadata, time.nanoseconds());
        RetryPolicy retry = new RetryPolicy(settings.retries(), settings.retryBackoffMs(), settings.retryBackoffMaxMs(),
                settings.deliveryTimeoutMs());
        this.transactions = settings.transactional() ? new TransactionStateMachine(settings.transactionalId()) : null;
        this.sender = new Sender(settings, accumulator, pending, pool, network, retry, metrics, time, partitionCounts,
                this::topicKnown, transactions);
    }

    /**
     * The producer's one network thread, which runs the sender and the I/O: "petrel-producer-sender | client.id",
     * the thread callbacks run on.
     */
    private static String senderThreadName(ProducerSettings settings) {
        return "petrel-producer-sender" + (settings.clientId().isEmpty() ? "" : " | " + settings.clientId());
    }

    /** Parses settings, creates the plug-ins they name, and starts the sender. */
    public static <K, V> Producer<K, V> create(Map<String, ?> configs, Serializer<K> keySerializer,
                                               Serializer<V> valueSerializer) {
        return create(configs, keySerializer, valueSerializer, Time.SYSTEM);
    }

    public static <K, V> Producer<K, V> create(Map<String, ?> configs, Serializer<K> keySerializer,
                                               Serializer<V> valueSerializer, Time time) {
        return start(ProducerSettings.from(configs), keySerializer, valueSerializer, DEFAULT_NETWORK, time);
    }

    /** Starts a producer on a given network (tests). */
    static <K, V> PetrelProducer<K, V> start(ProducerSettings settings, Serializer<K> keySerializer,
                                             Serializer<V> valueSerializer, NetworkFactory networkFactory,
                                             Time time) {
        Serializer<K> keys = serializer(keySerializer, settings.keySerializer(), "key.serializer", settings, true);
        Serializer<V> values = serializer(valueSerializer, settings.valueSerializer(), "value.serializer", settings,
                false);
        Partitioner partitioner = partitioner(settings);
        PetrelProducer<K, V> producer = new PetrelProducer<>(settings, keys, values, partitioner,
                interceptors(settings), networkFactory, time);
        producer.sender.stopped().whenComplete((ignored, error) -> producer.releaseIfNotClosing());
        producer.sender.start();
        return producer;
    }

    // ---- send ------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> given, Callback callback) {
        ProducerRecord<K, V> record = intercepted ? interceptors.onSend(given) : given;
        if (closed.get() || sender.isStopped()) {
            return failed(record, callback, new ClientException("The producer is closed: cannot send to "
                    + record.topic()));
        }
        if (transactions != null) {
            checkTransaction(record);
        }
        byte[] key;
        byte[] value;
        try {
            key = serializer.key(record);
            value = serializer.value(record);
        } catch (SerializationException e) {
            return failed(record, callback, e);
        }
        List<RecordHeader> headers = serializer.headers(record);
        long timestamp = serializer.timestamp(record);
        int size = SerializedRecord.sizeUpperBound(key, value, headers);
        RecordCompletion completion = RecordCompletion.of(callback, acknowledgements(record));
        try {
            checkSize(size);
            pool.reserve(size, sender.isSenderThread() ? 0 : settings.maxBlockMs());
        } catch (ClientException e) {
            failTransaction(e);
            return failed(completion, record, key, value, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(completion, record, key, value,
                    new ClientException("Interrupted while waiting for buffer.memory", e));
        }
        int partitions = pending.isEmpty() ? partitionCounts.of(record.topic()) : 0;
        if (partitions > 0) {
            append(record.topic(), record.partition(), record.key(), timestamp, key, value, headers, size, completion,
                    partitions);
        } else {
            route(new SerializedRecord(record.topic(), record.partition(), timestamp, key, value, headers, record.key(),
                    size), completion);
        }
        return completion.future();
    }

    /**
     * The way of a record sent while its topic's metadata was not known, or while records of some topic wait for
     * theirs: it queues behind its topic's waiting records, if any; else it is appended now if its topic is
     * known, else parked until it is.
     */
    private void route(SerializedRecord record, RecordCompletion completion) {
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.maxBlockMs());
        PendingRecords.Pending waiting = new PendingRecords.Pending(record, completion, deadline);
        if (pending.offerIfWaiting(waiting)) {
            return;
        }
        int partitions = partitionCounts.of(record.topic());
        if (partitions > 0) {
            append(record, completion, partitions);
            return;
        }
        pending.add(waiting);
        sender.wakeup();
    }

    /** A parked record's way on, once its topic's partitions are known. */
    private void append(SerializedRecord record, RecordCompletion completion, int numPartitions) {
        append(record.topic(), record.partition(), record.keyObject(), record.timestamp(), record.key(), record.value(),
                record.headers(), record.sizeInBytes(), completion, numPartitions);
    }

    /**
     * Stages 2 and 3: partition, then append; the partitioner may move on when a new batch would open. The record
     * comes as its parts, so a record whose topic is known costs no object between send() and its batch (it was
     * 48 of the ~250 bytes send() allocated per 100 B record, and every byte allocated brings the next young
     * collection nearer, which copies the records waiting in buffer.memory).
     *
     * @param explicit    the partition the caller fixed, or null
     * @param keyObject   the key before serialization, for the partitioner
     * @param sizeInBytes the record's upper-bound size, charged to buffer.memory already
     */
    private void append(String topic, Integer explicit, Object keyObject, long timestamp, byte[] key, byte[] value,
                        List<RecordHeader> headers, int sizeInBytes, RecordCompletion completion, int numPartitions) {
        try {
            int partition = partitioner.partition(topic, explicit, key, keyObject, numPartitions);
            joinTransaction(topic, partition);
            RecordAccumulator.AppendResult result = accumulator.append(topic, partition, timestamp, key, value,
                    headers, sizeInBytes, completion, partitioner.wantsNewBatchNotice(explicit, key));
            if (result == RecordAccumulator.AppendResult.NEW_BATCH_NEEDED) {
                partitioner.onNewBatch(topic, partition);
                partition = partitioner.partition(topic, explicit, key, keyObject, numPartitions);
                joinTransaction(topic, partition);
                result = accumulator.append(topic, partition, timestamp, key, value, headers, sizeInBytes, completion,
                        false);
            }
            if (result != RecordAccumulator.AppendResult.APPENDED) {
                sender.batchReady(topic, partition);
            }
        } catch (ClientException e) {
            pool.release(sizeInBytes);
            failed(completion, topic, explicit, key, value, e);
        } catch (RuntimeException e) {
            pool.release(sizeInBytes);
            failed(completion, topic, explicit, key, value,
                    new ClientException("The partitioner failed for a record of topic " + topic + ": " + e, e));
        }
    }

    /**
     * As kafka-clients: a record refused by send() itself (too large, no room in buffer.memory) fails its
     * transaction, which must then be aborted.
     */
    private void failTransaction(ClientException error) {
        if (transactions != null) {
            transactions.onBatchFailed(error);
            transactions.runCompletions();
        }
    }

    /** A transactional producer's partition joins the open transaction before its first record is appended. */
    private void joinTransaction(String topic, int partition) {
        if (transactions != null) {
            transactions.addPartition(new TopicPartition(topic, partition));
        }
    }

    /** Called on the sender thread once a topic's partitions are known: its waiting records go on, in order. */
    private void topicKnown(String topic, int numPartitions) {
        pending.drain(topic, p -> append(p.record(), p.completion(), numPartitions));
    }

    private void checkSize(int recordSize) {
        int size = recordSize + RecordBatch.HEADER_SIZE;
        if (size > settings.maxRequestSize()) {
            throw new ClientException("The record is " + size + " bytes when serialized, more than max.request.size ("
                    + settings.maxRequestSize() + " bytes)");
        }
    }

    private CompletableFuture<RecordMetadata> failed(RecordCompletion completion, ProducerRecord<K, V> record,
                                                     byte[] key, byte[] value, Exception error) {
        return failed(completion, record.topic(), record.partition(), key, value, error);
    }

    /** Fails one record; {@code key} and {@code value} are its serialized bytes, null when it has none (yet). */
    private CompletableFuture<RecordMetadata> failed(RecordCompletion completion, String topic, Integer partition,
                                                     byte[] key, byte[] value, Exception error) {
        metrics.failed(topic, 1);
        completion.fail(topic, partition == null ? -1 : partition, SerializedRecord.sizeOf(key),
                SerializedRecord.sizeOf(value), error);
        return completion.future();
    }

    private CompletableFuture<RecordMetadata> failed(ProducerRecord<K, V> record, Callback callback, Exception error) {
        return failed(RecordCompletion.of(callback, acknowledgements(record)), record, null, null, error);
    }

    /** What tells the interceptors of this record's outcome; null without interceptors. */
    private RecordCompletion.Acknowledgements acknowledgements(ProducerRecord<K, V> record) {
        return intercepted ? interceptors.of(record) : null;
    }

    /**
     * As kafka-clients: a send the transaction's state refuses throws to the caller, and the interceptors still
     * hear of the record's failure.
     */
    private void checkTransaction(ProducerRecord<K, V> record) {
        try {
            transactions.checkSend(record.topic());
        } catch (RuntimeException e) {
            if (intercepted) {
                acknowledgements(record).onAcknowledgement(new RecordMetadata(record.topic(),
                        record.partition() == null ? -1 : record.partition(), -1, -1, -1, -1), e);
            }
            throw e;
        }
    }

    // ---- transactions -------------------------------------------------------------------------------------

    @Override
    public void initTransactions() {
        TransactionStateMachine machine = transactional("initTransactions");
        TransactionResult result = machine.initTransactions();
        sender.wakeup();
        result.await(time, settings.maxBlockMs());
    }

    @Override
    public void beginTransaction() {
        transactional("beginTransaction").beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        if (offsets == null) {
            throw new IllegalArgumentException("The offsets to send to the transaction must not be null");
        }
        checkGroupMetadata(groupMetadata);
        TransactionStateMachine machine = transactional("sendOffsetsToTransaction");
        if (offsets.isEmpty()) {
            return;
        }
        TransactionResult result = machine.sendOffsets(offsets, groupMetadata);
        sender.wakeup();
        result.await(time, settings.maxBlockMs());
    }

    /** As kafka-clients: the metadata must be there, and a member of a generation must have a member id. */
    private static void checkGroupMetadata(ConsumerGroupMetadata group) {
        if (group == null) {
            throw new IllegalArgumentException("The consumer group metadata must not be null: pass consumer.groupMetadata()");
        }
        if (group.generationId() > 0 && group.memberId().isEmpty()) {
            throw new IllegalArgumentException("Invalid consumer group metadata " + group + ": generation "
                    + group.generationId() + " needs a member id");
        }
    }

    @Override
    public void commitTransaction() {
        TransactionResult result = transactional("commitTransaction").beginCommit();
        sender.wakeup();
        result.await(time, settings.maxBlockMs());
    }

    @Override
    public CompletableFuture<Void> commitTransactionAsync() {
        TransactionResult result = transactional("commitTransactionAsync").beginCommit();
        sender.wakeup();
        return result.handOut();
    }

    @Override
    public void abortTransaction() {
        TransactionResult result = transactional("abortTransaction").beginAbort();
        sender.wakeup();
        result.await(time, settings.maxBlockMs());
    }

    private TransactionStateMachine transactional(String operation) {
        if (transactions == null) {
            throw new IllegalStateException("Cannot call " + operation + "(): this producer has no transactional.id;"
                    + " set transactional.id to use transactions");
        }
        if (closed.get() || sender.isStopped()) {
            throw new IllegalStateException("Cannot call " + operation + "(): the producer is closed");
        }
        return transactions;
    }

    // ---- flush, metadata, metrics -----------------------------------------------------------------------------------

    @Override
    public void flush() {
        CompletableFuture<Void> waiting = CompletableFuture.allOf(pending.allDone(), accumulator.beginFlush());
        sender.wakeup();
        try {
            waiting.get();
        } catch (ExecutionException e) {
            log.debug("flush(): some records failed; their futures say why", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while flushing", e);
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(settings.maxBlockMs());
        Throwable last = null;
        while (true) {
            Optional<List<PartitionInfo>> cached = metadata.partitions(topic);
            if (cached.isPresent() && !cached.get().isEmpty()) {
                return cached.get();
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - time.nanoseconds());
            if (remainingMs <= 0) {
                throw new TimeoutException("Topic " + topic + " not present in metadata after " + settings.maxBlockMs()
                        + " ms (max.block.ms)" + (last == null ? "" : ": " + last.getMessage()));
            }
            last = awaitTopic(topic, remainingMs);
            if (last instanceof ClientException failure && !failure.isRetriable()
                    && failure.getClass() != ClientException.class) {
                throw failure; // authentication or authorization refused: waiting longer will not help
            }
        }
    }

    /** Waits for the topic's metadata; returns why it did not arrive, after a backoff, or null once it did. */
    private Throwable awaitTopic(String topic, long maxWaitMs) {
        try {
            metadata.awaitTopic(topic).get(maxWaitMs, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            backOff(topic, Math.min(maxWaitMs, settings.retryBackoffMs()));
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while waiting for metadata of topic " + topic, e);
        }
    }

    /** Waits on the injected clock before asking for the topic again, so tests move time instead of sleeping. */
    private void backOff(String topic, long ms) {
        try {
            time.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("Interrupted while waiting for metadata of topic " + topic, e);
        }
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> snapshot = new LinkedHashMap<>(metrics.snapshot());
        if (transactions != null && transactions.producerId() >= 0) {
            snapshot.put("transaction-version", transactions.transactionV2() ? 2.0 : 1.0);
        }
        return snapshot;
    }

    @Override
    public Map<MetricName, ? extends Metric> allMetrics() {
        return registry.metrics();
    }

    // ---- close ------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        boolean first = closed.compareAndSet(false, true);
        if (first) {
            log.debug("Closing producer {}", settings.clientId());
            accumulator.close();
            pool.close();
        }
        if (sender.isSenderThread()) {
            log.warn("close() called from a callback: not waiting for the records still held; they fail");
            sender.forceClose();
            releaseWhenStopped();
            return;
        }
        sender.initiateClose();
        if (!awaitSender(timeout)) {
            log.warn("Producer {} did not finish sending within {}; failing the rest", settings.clientId(), timeout);
            sender.forceClose();
            awaitSender(Duration.ofMillis(Long.MAX_VALUE));
        }
        releaseWhenStopped();
    }

    /**
     * Releases the network and plug-ins once the sender has stopped (never under it): at once, on this thread, when
     * it has (so closing the network waits for its I/O thread); else, as when close() is called from a callback or
     * interrupted, on the I/O thread as the sender stops.
     */
    private void releaseWhenStopped() {
        sender.stopped().whenComplete((ignored, error) -> releaseResources());
    }

    /** Waits for the sender to stop; false if it has not within {@code timeout}. */
    private boolean awaitSender(Duration timeout) {
        try {
            sender.stopped().get(Math.max(1, Math.min(timeout.toMillis(), Long.MAX_VALUE / 2)), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // it stopped, failing what it held
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sender.stopped().isDone();
        }
    }

    /** A sender that stopped by itself (it failed) leaves nothing to wait for: its resources go at once. */
    private void releaseIfNotClosing() {
        if (!closed.get()) {
            releaseResources();
        }
    }

    private void releaseResources() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        closeQuietly("network", network::close);
        closeQuietly("serializers", serializer::close);
        closeQuietly("partitioner", partitioner::close);
        closeQuietly("interceptors", interceptors::close);
        closeQuietly("metrics reporters", registry::close);
    }

    private static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.warn("Closing the producer's {} failed", what, e);
        }
    }

    // ---- plug-ins from settings ------------------------------------------------------------------------------

    /**
     * The serializer given to the builder as is; otherwise the configured one, created and configured here.
     * As with kafka-clients, only instances the producer creates from a class get configure().
     */
    @SuppressWarnings("unchecked")
    private static <T> Serializer<T> serializer(Serializer<T> given, Object configured, String key,
                                                ProducerSettings settings, boolean isKey) {
        if (given != null) {
            return given;
        }
        if (configured == null) {
            throw new ConfigException("Missing required configuration '" + key + "' which has no default value:"
                    + " pass a Serializer class or instance, or give the serializer to the builder");
        }
        Serializer<T> serializer = (Serializer<T>) ConfiguredInstance.of(configured, key);
        if (configured instanceof Class<?>) {
            serializer.configure(settings.originals(), isKey);
        }
        return serializer;
    }

    /** The interceptor.classes, in order; those created from a class are configured with the settings. */
    @SuppressWarnings("unchecked")
    private static <K, V> ProducerInterceptors<K, V> interceptors(ProducerSettings settings) {
        List<ProducerInterceptor<K, V>> list = ConfiguredInstance.listOf(
                        settings.values().get(ProducerSettings.INTERCEPTOR_CLASSES), "interceptor.classes",
                        ProducerInterceptor.class, i -> i.configure(settings.originals())).stream()
                .map(i -> (ProducerInterceptor<K, V>) i).toList();
        return new ProducerInterceptors<>(list);
    }

    private static Partitioner partitioner(ProducerSettings settings) {
        Object configured = settings.partitioner();
        if (configured == null) {
            return new RoundRobinPartitioner();
        }
        Partitioner partitioner = (Partitioner) ConfiguredInstance.of(configured, "partitioner.class");
        if (configured instanceof Class<?>) {
            partitioner.configure(settings.originals());
        }
        return partitioner;
    }
}
