package io.petrel.producer.internal;

import io.petrel.client.AuthenticationException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.Node;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.ClusterMetadata;
import io.petrel.client.internal.RequestBody;
import io.petrel.producer.Acks;
import io.petrel.producer.ProducerFencedException;
import io.petrel.producer.TransactionAbortedException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjIntConsumer;

/**
 * Stages 4 to 6 of the pipeline, on the network's I/O thread: drains ready batches into Produce requests, hands
 * failed ones to the {@link RetryPolicy}, and completes the records of acknowledged ones.
 *
 * <p>Where it runs: its passes are tasks on the thread the network lends ({@link ClientNetwork#ioThread()}),
 * the thread that also writes the requests and reads the answers, as kafka-clients' sender does its own I/O.
 * A record whose batch is ready costs at most one hand-off from send()'s thread to this one ({@link #batchReady}:
 * none while the leader has every request slot taken, as the answer that frees one runs the pass); the request is
 * written, and its answer read and completed, without another. A dedicated sender thread cost two
 * more per batch: sender to I/O thread to write, I/O thread back to sender with the answer.
 *
 * <p>How it works: a pass ({@link #runOnce}) that (1) runs what arrived in its inbox — responses and
 * metadata, which the network completes on this thread (or, with more than one I/O thread, on another) and
 * which the pass takes up, so every piece of sender state is touched by this thread alone, without locks, and
 * never while another pass is half way through; (2) fails batches older than
 * delivery.timeout.ms and records whose topic stayed unknown for max.block.ms, and looks up the topics
 * records wait for ({@link TopicLookups}); (3) gets a producer id
 * when idempotent; (4) groups the accumulator's ready partitions by leader and sends each broker one
 * request of at most max.request.size, while it has fewer than max.in.flight.requests.per.connection
 * unanswered; then sets a timer for when the next batch lingers out or a retry backoff ends, unless it is woken
 * first.
 *
 * <p>Order per partition: a partition that had a failure sends one batch at a time, oldest first,
 * until its retries are through; with idempotence a partition also sends one at a time until the broker
 * acknowledged its first batch. With idempotence retries keep their sequence, so order holds and nothing
 * is written twice. Without it and with more than one request in flight, a retried batch may land after
 * a later one, as with kafka-clients.
 *
 * <p>Transactions: a transactional producer's sender also runs {@link TransactionRequests} in the loop (the
 * coordinator's requests, one at a time, ahead of Produce), sends a partition's batches only once the
 * {@link TransactionStateMachine} has it in the transaction, flushes everything held when a commit or abort
 * begins (EndTxn waits until every record is acknowledged), and drops the batches never sent when the
 * transaction is aborting or has failed (their records fail with TransactionAbortedException). A batch that
 * fails puts the transaction in an abortable (or, when fenced, fatal) error. Closing aborts an open transaction.
 *
 * <p>Futures and callbacks complete on this thread, with no lock held. A callback that blocks holds up this
 * producer's I/O (every connection of its network) until it returns, as in kafka-clients; other clients have
 * networks and threads of their own.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    /** The longest the loop sleeps while work is outstanding, so timeouts are noticed without a wake-up. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ProducerSettings settings;
    private final RecordAccumulator accumulator;
    private final PendingRecords pending;
    private final BufferPool pool;
    private final ClientNetwork network;
    private final ClusterMetadata metadata;
    private final RetryPolicy retry;
    private final ProducerMetrics metrics;
    private final Time time;
    private final TopicLookups topicLookups;
    private final PartitionCounts partitionCounts;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Set while a pass is queued or about to read the state; a wake-up then need not queue another. */
    private final AtomicBoolean woken = new AtomicBoolean();
    private final ScheduledExecutorService loop;
    private final Runnable passTask = this::pass;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean started;
    private volatile Thread thread;
    private volatile boolean closing;
    private volatile boolean forced;
    private volatile boolean stopping;

    /** The transactional producer's state machine and requests; null without a transactional.id. */
    private final TransactionStateMachine transactions;
    private final TransactionRequests transactionRequests;

    // Sender-thread state from here on.
    private IdempotenceState idempotence;
    private final Map<Integer, Integer> inFlightByNode = new HashMap<>();
    private final Map<TopicPartition, Integer> inFlightByPartition = new HashMap<>();
    private final Set<TopicPartition> recovering = new HashSet<>();
    private final Set<ProduceExchange> inFlight = new HashSet<>();
    /**
     * The nodes with max.in.flight.requests.per.connection requests unanswered, for send()'s thread: a batch that
     * becomes ready for one of them need not wake the loop ({@link #batchReady}), since it cannot leave before an
     * answer frees a slot, and every answer (or failure) runs a pass that takes it. Each wake-up the batch would
     * have cost was a pass with nothing to send: ~one per request while buffer.memory is full (1 KiB zstd on
     * broker-stub), an eventfd write by send() and a switch to this thread that took a core from the broker.
     * A node leaves the set before the pass that freed its slot looks for ready batches, and send()'s thread
     * makes its batch ready (under the partition's lock) before it reads the set, so one of the two always sees
     * the other: a batch is never left waiting with a slot free.
     */
    private volatile Set<Integer> saturatedNodes = Set.of();
    /**
     * Batches this pass finished (acknowledged, or failed for good), completed (memory given back, futures and
     * callbacks run) only once the pass has written what the freed slots allow: the broker's next request does not
     * wait for ~100 completions per acknowledged batch. Completed in the order they finished, in the same pass, so
     * a partition's callbacks keep their order.
     */
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();
    private boolean producerIdInFlight;
    private long producerIdRetryAt;
    private int producerIdFailures;
    private int drainRotation;
    private boolean flushingToEndTransaction;
    private boolean abortOnCloseTried;
    private ScheduledFuture<?> timer;
    private long timerAt;

    Sender(ProducerSettings settings, RecordAccumulator accumulator, PendingRecords pending, BufferPool pool,
           ClientNetwork network, RetryPolicy retry, ProducerMetrics metrics, Time time, PartitionCounts partitionCounts,
           ObjIntConsumer<String> topicKnown, TransactionStateMachine transactions) {
        this.settings = settings;
        this.accumulator = accumulator;
        this.pending = pending;
        this.pool = pool;
        this.network = network;
        this.loop = network.ioThread();
        this.metadata = network.metadata();
        this.retry = retry;
        this.metrics = metrics;
        this.time = time;
        this.partitionCounts = partitionCounts;
        this.topicLookups = new TopicLookups(metadata, time, settings.retryBackoffMs(), topicKnown,
                (topic, error) -> pending.drain(topic, p -> failPending(p, error)));
        this.idempotence = settings.idempotence() ? new IdempotenceState() : null;
        this.transactions = transactions;
        this.transactionRequests = transactions == null ? null
                : new TransactionRequests(settings, transactions, network, idempotence, retry, time, this::deliver);
    }

    /** Starts the loop: its passes run on the network's I/O thread from now on. */
    void start() {
        started = true;
        woken.set(false);
        wakeup();
    }

    /**
     * One pass, a task on the I/O thread: {@link #runOnce}, then a timer for when the next is due (a send() or an
     * answer that comes first runs one sooner, {@link #wakeup}); once closed and done, stops.
     */
    private void pass() {
        if (stopping) {
            return;
        }
        if (thread == null) {
            thread = Thread.currentThread();
            log.debug("Sender of producer {} started on {}", settings.clientId(), thread.getName());
        }
        try {
            if (!isDone()) {
                long wakeAt = runOnce();
                if (!isDone()) {
                    schedule(wakeAt);
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("The sender of producer {} failed; failing every record it holds", settings.clientId(), e);
            forced = true;
        }
        stop();
    }

    private void stop() {
        stopping = true;
        if (timer != null) {
            timer.cancel(false);
        }
        try {
            if (forced) {
                abortEverything();
            }
            log.debug("Sender of producer {} stopped", settings.clientId());
        } finally {
            stopped.complete(null);
        }
    }

    /**
     * Arms the timer for the next pass at {@code wakeAtNanos} (of {@link Time}), at most 100 ms away while work is
     * outstanding (1 s when idle) so timeouts are noticed without a wake-up; a timer already due sooner stays.
     */
    private void schedule(long wakeAtNanos) {
        if (woken.get()) {
            return; // a pass is queued already
        }
        long now = time.nanoseconds();
        long cap = inFlight.isEmpty() && !accumulator.hasIncomplete() && pending.isEmpty() ? IDLE_PARK_NANOS
                : MAX_PARK_NANOS;
        long delay = Math.min(cap, wakeAtNanos - now);
        if (delay <= 0) {
            wakeup();
            return;
        }
        long at = now + delay;
        if (timer != null && !timer.isDone()) {
            if (timerAt > now && timerAt <= at) {
                return;
            }
            timer.cancel(false); // later than wanted, or the one running this pass
        }
        timerAt = at;
        timer = loop.schedule(passTask, delay, TimeUnit.NANOSECONDS);
    }

    /** Whether the loop has ended (closed, or failed); nothing more will be sent. */
    boolean isStopped() {
        return stopping;
    }

    /** Completes once the loop has ended and failed what it still held; on the I/O thread. */
    CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Whether this is the sender's thread (a callback calling back into the producer). */
    boolean isSenderThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Wakes the loop: a batch is ready, or a record waits for metadata, or an answer arrived. Cheap when already
     * woken; from the I/O thread itself (a callback's send(), an answer) it queues the pass without waking anyone.
     */
    void wakeup() {
        if (!woken.getAndSet(true) && started) {
            try {
                loop.execute(passTask);
            } catch (RejectedExecutionException e) {
                // The network is closed, so the loop has stopped (it closes the network only once stopped).
                log.debug("Producer {}: no pass after the network closed", settings.clientId());
            }
        }
    }

    /**
     * Wakes the loop for a batch of this partition that became ready or was opened (its linger timer to start),
     * unless the partition's leader has every request slot taken: then the answer that frees one runs the pass.
     * Returns whether it woke the loop.
     */
    boolean batchReady(String topic, int partition) {
        Set<Integer> saturated = saturatedNodes;
        if (!saturated.isEmpty()) {
            Optional<Node> leader = metadata.leader(new TopicPartition(topic, partition));
            if (leader.isPresent() && saturated.contains(leader.get().id())) {
                return false;
            }
        }
        wakeup();
        return true;
    }

    /** Finish what is held, then stop. */
    void initiateClose() {
        closing = true;
        wakeup();
    }

    /** Stop now, failing everything not yet acknowledged. */
    void forceClose() {
        forced = true;
        closing = true;
        wakeup();
    }

    private boolean isDone() {
        return forced || (closing && inFlight.isEmpty() && !accumulator.hasIncomplete() && pending.isEmpty()
                && transactionSettled());
    }

    /** No transaction left to end on close: none open, or one that can no longer be ended. */
    private boolean transactionSettled() {
        if (transactions == null) {
            return true;
        }
        if (transactionRequests.hasInFlight()) {
            return false;
        }
        return transactions.hasFatalError() || !transactions.hasOngoingTransaction()
                || abortOnCloseTried && !transactions.isAborting();
    }

    /** One pass of the loop; returns when it wants to run next (nanoseconds of {@link Time}). */
    long runOnce() {
        woken.set(false);
        try {
            return runPass();
        } finally {
            completeFinished();
        }
    }

    private long runPass() {
        runInbox();
        long now = time.nanoseconds();
        partitionCounts.refreshIfDue(now);
        failExpired(now);
        if (!pending.isEmpty()) {
            topicLookups.lookUp(pending.topics(), now, this::deliver);
        }
        long next = Long.MAX_VALUE;
        if (transactions != null) {
            next = runTransaction(now);
        } else {
            maybeGetProducerId(now);
        }
        next = Math.min(next, sendReady(now));
        next = Math.min(next, Math.min(pending.nextDeadlineNanos(), topicLookups.nextLookupNanos()));
        if (transactions == null && idempotence != null && idempotence.needsProducerId() && !producerIdInFlight) {
            next = Math.min(next, producerIdRetryAt);
        }
        return next;
    }

    // ---- transactions ----------------------------------------------------------------------------------

    /** The transactional part of a pass; returns when a retry of a coordinator request is due. */
    private long runTransaction(long now) {
        maybeAbortOnClose();
        dropUnsentIfTransactionEnds();
        flushWhileEndingTransaction();
        long next = transactionRequests.poll(now, recordsOutstanding());
        return next;
    }

    private boolean recordsOutstanding() {
        return accumulator.hasIncomplete() || !pending.isEmpty();
    }

    /** As kafka-clients: closing with a transaction open aborts it. */
    private void maybeAbortOnClose() {
        if (!closing || forced || abortOnCloseTried || !transactions.hasOngoingTransaction()
                || transactions.isCompleting()) {
            return;
        }
        abortOnCloseTried = true;
        try {
            transactions.beginAbort();
            log.info("Producer {} is closing with a transaction open: aborting it", settings.clientId());
        } catch (RuntimeException e) {
            log.warn("Producer {} is closing with a transaction open and cannot abort it ({}); the coordinator will"
                    + " abort it after transaction.timeout.ms", settings.clientId(), e.getMessage());
        }
        transactions.runCompletions();
    }

    /**
     * When the transaction is aborting or has failed, the records not sent yet will never be: they fail now,
     * so EndTxn(abort) need not wait for them. Batches already sent finish with the broker's answer.
     */
    private void dropUnsentIfTransactionEnds() {
        if (!transactions.isAborting() && !transactions.hasAbortableError() && !transactions.hasFatalError()) {
            return;
        }
        if (!recordsOutstanding()) {
            return;
        }
        RuntimeException cause = transactions.lastError();
        TransactionAbortedException error = cause == null
                ? new TransactionAbortedException("The transaction was aborted before the record was sent")
                : new TransactionAbortedException("The transaction failed before the record was sent: "
                + cause.getMessage(), cause);
        for (ProducerBatch batch : accumulator.drainUnsent()) {
            abort(batch, error);
        }
        pending.drainAll().forEach(p -> failPending(p, error));
    }

    /** While a commit or abort waits for records, every batch is sent at once, whatever linger.ms says. */
    private void flushWhileEndingTransaction() {
        boolean wanted = transactions.isCompleting() && accumulator.hasIncomplete();
        if (wanted && !flushingToEndTransaction) {
            accumulator.beginFlush();
            flushingToEndTransaction = true;
        } else if (!wanted && flushingToEndTransaction) {
            accumulator.endFlush();
            flushingToEndTransaction = false;
        }
    }

    private void runInbox() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            task.run();
        }
    }

    private void deliver(Runnable task) {
        inbox.add(task);
        wakeup();
    }

    // ---- expiry -------------------------------------------------------------------------------------------

    private void failExpired(long now) {
        long createdBefore = now - TimeUnit.MILLISECONDS.toNanos(settings.deliveryTimeoutMs());
        for (ProducerBatch batch : accumulator.expire(createdBefore)) {
            fail(batch, retry.expired(batch, now, null));
        }
        if (pending.isEmpty()) {
            return;
        }
        for (PendingRecords.Pending p : pending.expire(now)) {
            String topic = p.record().topic();
            Exception last = topicLookups.lastError(topic);
            TimeoutException error = new TimeoutException("Topic " + topic + " not present in metadata after "
                    + settings.maxBlockMs() + " ms (max.block.ms)" + (last == null ? "" : ": " + last.getMessage()));
            failPending(p, error);
            if (transactions != null) {
                transactions.onBatchFailed(error);
                transactions.runCompletions();
            }
        }
    }

    private void failPending(PendingRecords.Pending p, Exception error) {
        pool.release(p.record().sizeInBytes());
        metrics.failed(p.record().topic(), 1);
        p.completion().fail(p.record().topic(), p.record().partition() == null ? -1 : p.record().partition(),
                p.record().keySize(), p.record().valueSize(), error);
    }

    // ---- idempotence -----------------------------------------------------------------------------------------

    private void maybeGetProducerId(long now) {
        if (idempotence == null || !idempotence.needsProducerId() || producerIdInFlight || !inFlight.isEmpty()
                || now - producerIdRetryAt < 0) {
            return;
        }
        if (idempotence.producerId() >= 0 && idempotence.epoch() < Short.MAX_VALUE) {
            bumpEpoch();
            return;
        }
        producerIdInFlight = true;
        RequestBody body = version -> InitProducerIdRequest.SCHEMA.newMessage()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, null)
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, Integer.MAX_VALUE);
        send(() -> network.sendToAny(ApiKey.INIT_PRODUCER_ID, body, Duration.ofMillis(settings.requestTimeoutMs())))
                .whenComplete((response, error) -> deliver(() -> onProducerId(response, error)));
    }

    /** As kafka-clients' idempotent producer: a new epoch of the same id, sequences from 0 (KIP-360). */
    private void bumpEpoch() {
        short epoch = (short) (idempotence.epoch() + 1);
        log.info("Producer {} bumps its epoch to {} for producer id {}; sequences restart at 0", settings.clientId(),
                epoch, idempotence.producerId());
        idempotence.setProducerId(idempotence.producerId(), epoch);
        recovering.clear();
    }

    private void onProducerId(ClientNetwork.Response response, Throwable error) {
        producerIdInFlight = false;
        Exception failure = error != null ? unwrap(error) : null;
        ErrorCode code = failure != null ? null
                : ErrorCode.forCode(response.body().get(InitProducerIdResponse.ERROR_CODE));
        if (failure == null && code == ErrorCode.NONE) {
            long id = response.body().get(InitProducerIdResponse.PRODUCER_ID);
            short epoch = response.body().get(InitProducerIdResponse.PRODUCER_EPOCH);
            log.info("Producer {} has producer id {} epoch {}", settings.clientId(), id, epoch);
            idempotence.setProducerId(id, epoch);
            producerIdFailures = 0;
            recovering.clear();
            return;
        }
        Exception cause = failure != null ? failure
                : BrokerErrorException.forResource(code, null, "InitProducerId for an idempotent producer failed");
        boolean retriable = failure != null ? isRetriable(failure) : code.retriable();
        boolean authentication = cause instanceof AuthenticationException;
        if (!retriable && !authentication && !settings.values().isSet(ProducerSettings.ENABLE_IDEMPOTENCE)) {
            log.warn("Producer {} sends without idempotence: the cluster refused a producer id ({})",
                    settings.clientId(), cause.getMessage());
            idempotence = null;
            return;
        }
        producerIdFailures++;
        producerIdRetryAt = time.nanoseconds() + retry.backoffNanos(producerIdFailures - 1);
        if (retriable) {
            log.warn("Producer {} could not get a producer id, retrying: {}", settings.clientId(), cause.getMessage());
            return;
        }
        // Nothing can be sent without a producer id, and asking again will not change the answer until the
        // credentials or ACLs change: the records waiting fail now with the reason, not at delivery.timeout.ms.
        List<ProducerBatch> waiting = accumulator.drainAll();
        log.warn("Producer {} was refused a producer id ({}); {} batch(es) fail, asking again in {} ms",
                settings.clientId(), cause.getMessage(), waiting.size(),
                TimeUnit.NANOSECONDS.toMillis(retry.backoffNanos(producerIdFailures - 1)));
        waiting.forEach(b -> fail(b, cause));
    }

    // ---- draining and sending ---------------------------------------------------------------------------------

    /**
     * Sends every ready batch the in-flight limits allow: rounds of one request per leader until a round sends
     * nothing. Why rounds, not one request per pass: a pass that took two answers freed two slots, and with one
     * request per pass the second stayed empty until the next wake-up (a batch filling up, or another answer), so
     * fewer requests than max.in.flight.requests.per.connection waited at the broker. Each round re-checks readiness
     * and the per-partition rules ({@link #mayDrain}), so ordering and idempotence hold as for one request; it ends
     * because every sending round adds an in-flight request and answers are only taken at the next pass.
     */
    private long sendReady(long now) {
        long next;
        int inFlightBefore;
        do {
            inFlightBefore = inFlight.size();
            next = sendReadyRound(now);
        } while (inFlight.size() > inFlightBefore);
        return next;
    }

    private long sendReadyRound(long now) {
        if (idempotence != null && !idempotence.isReady()) {
            return Long.MAX_VALUE;
        }
        RecordAccumulator.Ready ready = accumulator.ready(now);
        Map<Integer, List<TopicPartition>> byNode = new HashMap<>();
        for (TopicPartition partition : ready.partitions()) {
            if (!mayDrain(partition) || transactions != null && !transactions.mayDrain(partition)) {
                continue;
            }
            Optional<Node> leader = metadata.leader(partition);
            if (leader.isEmpty()) {
                metadata.requestUpdate(partition.topic());
                continue;
            }
            byNode.computeIfAbsent(leader.get().id(), n -> new ArrayList<>()).add(partition);
        }
        // A loop, not HashMap.forEach with a lambda: forEach is shared with every other map in the JVM, and C2 compiled
        // it late as a 43-64 KB root holding this producer's whole send path.
        for (Map.Entry<Integer, List<TopicPartition>> node : byNode.entrySet()) {
            sendTo(node.getKey(), node.getValue(), now);
        }
        return ready.nextCheckNanos();
    }

    private boolean mayDrain(TopicPartition partition) {
        if (inFlightByPartition.getOrDefault(partition, 0) == 0) {
            return true;
        }
        if (recovering.contains(partition)) {
            return false;
        }
        return idempotence == null || idempotence.mayPipeline(partition);
    }

    private void sendTo(int node, List<TopicPartition> partitions, long now) {
        if (inFlightByNode.getOrDefault(node, 0) >= settings.maxInFlight()) {
            return;
        }
        List<ProducerBatch> batches = new ArrayList<>();
        int size = 0;
        int start = Math.floorMod(drainRotation++, partitions.size());
        for (int i = 0; i < partitions.size(); i++) {
            ProducerBatch batch = accumulator.poll(partitions.get((start + i) % partitions.size()));
            if (batch == null) {
                continue;
            }
            if (!batches.isEmpty() && size + batch.estimatedSizeInBytes() > settings.maxRequestSize()) {
                accumulator.reenqueue(batch);
                break;
            }
            size += prepare(batch).remaining();
            batches.add(batch);
        }
        if (!batches.isEmpty()) {
            send(node, batches, now);
        }
    }

    /** Stamps the producer id and sequence, and builds (compresses) the batch on its first attempt. */
    private ByteBuffer prepare(ProducerBatch batch) {
        if (idempotence != null) {
            idempotence.stamp(batch);
        }
        boolean first = !batch.isBuilt();
        ByteBuffer bytes = batch.buffer();
        if (first) {
            metrics.batchBuilt(batch.partition().topic(), bytes.remaining(), batch.uncompressedBytes(),
                    batch.maxRecordSize(), time.nanoseconds() - batch.createdNanos());
            accumulator.recordCompressionRatio(batch.partition().topic(), batch.compressionRatio());
        }
        return bytes;
    }

    private void send(int node, List<ProducerBatch> batches, long now) {
        ProduceExchange exchange = new ProduceExchange(node, settings.acks().wireValue(), settings.requestTimeoutMs(),
                batches, topic -> metadata.topicId(topic).orElse(null), now, settings.transactionalId(),
                transactions != null && !transactions.transactionV2());
        inFlight.add(exchange);
        int records = 0;
        for (ProducerBatch batch : batches) {
            records += batch.recordCount();
            inFlightByPartition.merge(batch.partition(), 1, Integer::sum);
        }
        metrics.requestSent(records);
        publishSaturation(node, inFlightByNode.merge(node, 1, Integer::sum));
        if (settings.acks() == Acks.NONE) {
            send(() -> network.sendOneWay(node, ApiKey.PRODUCE, exchange))
                    .whenComplete((ignored, error) -> deliver(() -> onResponse(exchange, null, error)));
        } else {
            send(() -> network.send(node, ApiKey.PRODUCE, exchange, Duration.ofMillis(settings.requestTimeoutMs())))
                    .whenComplete((response, error) -> deliver(() -> onResponse(exchange, response, error)));
        }
    }

    /** Keeps {@link #saturatedNodes} true to the node's requests in flight (a new set only when it changes). */
    private void publishSaturation(int node, int inFlightNow) {
        Set<Integer> saturated = saturatedNodes;
        boolean full = inFlightNow >= settings.maxInFlight();
        if (full == saturated.contains(node)) {
            return;
        }
        Set<Integer> next = new HashSet<>(saturated);
        if (full) {
            next.add(node);
        } else {
            next.remove(node);
        }
        saturatedNodes = Set.copyOf(next);
    }

    /** Calls the network; a call that throws becomes a failed future, handled as any failed request. */
    private static <T> CompletableFuture<T> send(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- responses ----------------------------------------------------------------------------------------------

    private void onResponse(ProduceExchange exchange, ClientNetwork.Response response, Throwable error) {
        if (!inFlight.remove(exchange)) {
            return;
        }
        publishSaturation(exchange.nodeId(), inFlightByNode.merge(exchange.nodeId(), -1, Integer::sum));
        for (ProducerBatch batch : exchange.batches()) {
            inFlightByPartition.merge(batch.partition(), -1, Integer::sum);
        }
        long now = time.nanoseconds();
        metrics.requestCompleted(exchange.nodeId(), now - exchange.sentNanos());
        if (error != null) {
            Exception cause = unwrap(error);
            log.debug("Produce request to node {} failed: {}", exchange.nodeId(), cause.toString());
            for (ProducerBatch batch : exchange.batches()) {
                metadata.requestUpdate(batch.partition().topic());
                retryOrFail(batch, cause, isRetriable(cause), now);
            }
            return;
        }
        if (response == null) {
            exchange.batches().forEach(b -> succeed(b, -1, -1));
            return;
        }
        metrics.throttled(ThrottleTime.of(response.body()));
        List<ProducerBatch> batches = exchange.batches();
        ProduceExchange.PartitionResult[] results = exchange.read(response.body());
        for (int i = 0; i < results.length; i++) {
            onResult(batches.get(i), results[i], now);
        }
    }

    private void onResult(ProducerBatch batch, ProduceExchange.PartitionResult result, long now) {
        ErrorCode error = result.error();
        if (error == ErrorCode.NONE || error == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
            succeed(batch, result.baseOffset(), result.logAppendTime());
            return;
        }
        if (error == ErrorCode.MESSAGE_TOO_LARGE && batch.recordCount() > 1 && !forced
                && split(batch, result.message())) {
            return;
        }
        boolean leaderHinted = followLeaderHint(batch, result);
        if (!leaderHinted && RetryPolicy.refreshesMetadata(error)) {
            metadata.requestUpdate(batch.partition().topic());
        }
        String message = "Producing " + batch.recordCount() + " record(s) to " + batch.partition() + " failed: "
                + (result.message() != null ? result.message() : error.message()) + tooLargeDetail(batch, error);
        ClientException exception = error == ErrorCode.PRODUCER_FENCED
                ? new ProducerFencedException(message + " (a newer producer with this transactional id has started)")
                : BrokerErrorException.forResource(error, resourceOf(error, batch), message);
        retryOrFail(batch, exception, isRetriable(batch, error), leaderHinted, now);
    }

    /**
     * As kafka-clients: a batch of several records the broker refused as larger than the topic's max.message.bytes
     * goes back, split into smaller batches, to the head of its partition's queue, and the partition sends one batch
     * at a time until they are through (see {@link RecordAccumulator#splitAndReenqueue}). Not a retry: it does not
     * count against retries. Returns false when the batch could not be split (it is left whole, to fail).
     */
    private boolean split(ProducerBatch batch, String brokerMessage) {
        int size = batch.estimatedSizeInBytes();
        int parts;
        try {
            parts = accumulator.splitAndReenqueue(batch);
        } catch (RuntimeException e) {
            // The batch is as it was (nothing moves out of it until its records are read back): it fails as before.
            log.error("Splitting {}, refused as too large, failed; its records fail", batch, e);
            return false;
        }
        recovering.add(batch.partition());
        metrics.batchSplit();
        log.warn("The broker refused a batch of {} records ({} bytes) to {} as too large ({}); sending them again as"
                + " {} smaller batches", batch.recordCount(), size, batch.partition(),
                brokerMessage != null ? brokerMessage : ErrorCode.MESSAGE_TOO_LARGE.message(), parts);
        return true;
    }

    /** For a record too large on its own: its batch's size, which the broker's limit is below. */
    private static String tooLargeDetail(ProducerBatch batch, ErrorCode error) {
        return error == ErrorCode.MESSAGE_TOO_LARGE ? " (its batch is " + batch.estimatedSizeInBytes()
                + " bytes, more than the topic's max.message.bytes)" : "";
    }

    /**
     * KIP-951: a broker that refused the batch as not (or no longer) the leader may name the current leader and its
     * endpoint; when that is newer than what the metadata has, the metadata takes it and the batch goes there at
     * once, without a full refresh and without backing off (as kafka-clients does).
     */
    private boolean followLeaderHint(ProducerBatch batch, ProduceExchange.PartitionResult result) {
        ProduceExchange.LeaderHint hint = result.leaderHint();
        if (hint == null || (result.error() != ErrorCode.NOT_LEADER_OR_FOLLOWER
                && result.error() != ErrorCode.FENCED_LEADER_EPOCH)) {
            return false;
        }
        boolean moved = metadata.updateLeader(batch.partition(), hint.leaderId(), hint.leaderEpoch(), hint.endpoints());
        if (moved) {
            log.debug("{} moved to node {} (leader epoch {}) as the refusing broker said", batch.partition(),
                    hint.leaderId(), hint.leaderEpoch());
        }
        return moved;
    }

    /** What an authorization error is about: the transactional id, or the batch's topic. */
    private String resourceOf(ErrorCode error, ProducerBatch batch) {
        return error == ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED && settings.transactional()
                ? settings.transactionalId() : batch.partition().topic();
    }

    /** Kafka's retriable errors, plus the sequence errors an idempotent producer recovers from. */
    private boolean isRetriable(ProducerBatch batch, ErrorCode error) {
        if (idempotence == null) {
            return error.retriable();
        }
        if (transactions != null) {
            return isRetriableInTransaction(batch, error);
        }
        return switch (error) {
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> !idempotence.isNextExpected(batch);
            case UNKNOWN_PRODUCER_ID -> {
                idempotence.requestReset();
                yield true;
            }
            default -> error.retriable();
        };
    }

    /**
     * A transactional producer does not reset its sequences alone: a gap (the broker lost the producer, or a
     * batch before this one failed for good) fails the batch, the transaction is aborted, and the epoch bump
     * that ends it restarts the sequences.
     */
    private boolean isRetriableInTransaction(ProducerBatch batch, ErrorCode error) {
        return switch (error) {
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> {
                if (!idempotence.isNextExpected(batch)) {
                    yield true;
                }
                transactions.requireEpochBump();
                yield false;
            }
            case UNKNOWN_PRODUCER_ID -> {
                transactions.requireEpochBump();
                yield false;
            }
            default -> error.retriable();
        };
    }

    private void retryOrFail(ProducerBatch batch, Exception error, boolean retriable, long now) {
        retryOrFail(batch, error, retriable, false, now);
    }

    /** {@code leaderMoved}: the partition has a new leader already, so the retry need not back off. */
    private void retryOrFail(ProducerBatch batch, Exception error, boolean retriable, boolean leaderMoved, long now) {
        if (retriable && !forced && retry.mayRetry(batch, now)) {
            batch.retryAt(leaderMoved ? now : now + retry.backoffNanos(batch.attempts()));
            accumulator.reenqueue(batch);
            recovering.add(batch.partition());
            metrics.retried(batch.partition().topic(), batch.recordCount());
            log.debug("Retrying {} after: {}", batch, error.getMessage());
            return;
        }
        fail(batch, retriable ? retry.exhausted(batch, now, error) : error);
    }

    private void succeed(ProducerBatch batch, long baseOffset, long logAppendTime) {
        if (idempotence != null) {
            idempotence.acknowledged(batch);
        }
        metrics.batchSent(batch.partition().topic(), batch.recordCount(), batch.estimatedSizeInBytes());
        finished.add(new Finished(batch, baseOffset, logAppendTime, null));
        TopicPartition partition = batch.partition();
        if (inFlightByPartition.getOrDefault(partition, 0) == 0 && !accumulator.headMustGoAlone(partition)) {
            recovering.remove(partition);
        }
    }

    /**
     * Completes the batches finished in this pass, in order. A transactional producer's EndTxn waits until every
     * record is acknowledged, and this pass looked before these were: another pass looks again.
     */
    private void completeFinished() {
        boolean any = !finished.isEmpty();
        Finished done;
        while ((done = finished.poll()) != null) {
            release(done.batch());
            if (done.error() == null) {
                done.batch().succeed(done.baseOffset(), done.logAppendTime());
            } else {
                done.batch().fail(done.error());
            }
        }
        if (any && transactions != null) {
            wakeup();
        }
    }

    /** A batch whose records are to complete: with its offset when acknowledged, else with the error. */
    private record Finished(ProducerBatch batch, long baseOffset, long logAppendTime, Exception error) {
    }

    /**
     * Fails a batch for good. With idempotence, a batch that had a sequence leaves a gap the broker would
     * refuse, so the epoch is bumped before anything more is sent.
     */
    private void fail(ProducerBatch batch, Exception error) {
        if (transactions != null) {
            transactions.onBatchFailed(error instanceof RuntimeException re ? re
                    : new ClientException(error.toString(), error));
            transactions.runCompletions();
        } else if (idempotence != null && batch.hasProducer(idempotence.producerId(), idempotence.epoch())) {
            idempotence.requestReset();
        }
        log.debug("Failing {}: {}", batch, error.getMessage());
        metrics.failed(batch.partition().topic(), batch.recordCount());
        finished.add(new Finished(batch, -1, -1, error));
    }

    /** Fails a batch the producer itself gave up on (its transaction ended): no error state follows from it. */
    private void abort(ProducerBatch batch, Exception error) {
        log.debug("Dropping {}: {}", batch, error.getMessage());
        metrics.failed(batch.partition().topic(), batch.recordCount());
        finished.add(new Finished(batch, -1, -1, error));
    }

    private void release(ProducerBatch batch) {
        pool.release(batch.reservedBytes());
        accumulator.completed(batch);
    }

    private void abortEverything() {
        ClientException closed = new ClientException("The producer was closed before the record was acknowledged");
        List<ProduceExchange> exchanges = new ArrayList<>(inFlight);
        inFlight.clear();
        exchanges.forEach(e -> e.batches().forEach(b -> abort(b, closed)));
        accumulator.drainAll().forEach(b -> abort(b, closed));
        completeFinished();
        pending.drainAll().forEach(p -> failPending(p, closed));
        if (transactions != null) {
            transactions.close(closed);
            transactions.runCompletions();
        }
    }

    private static Exception unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof Exception e ? e : new ClientException(cause.toString(), cause);
    }

    private static boolean isRetriable(Exception error) {
        return error instanceof ClientException client && client.isRetriable();
    }
}
