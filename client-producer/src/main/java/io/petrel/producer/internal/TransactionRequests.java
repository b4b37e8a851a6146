package io.petrel.producer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.Time;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.ClientNetwork;
import io.petrel.client.internal.CoordinatorLink;
import io.petrel.client.internal.CoordinatorType;
import io.petrel.client.internal.RequestBody;
import io.petrel.producer.internal.TransactionStateMachine.AddOffsets;
import io.petrel.producer.internal.TransactionStateMachine.AddPartitions;
import io.petrel.producer.internal.TransactionStateMachine.CommitOffsets;
import io.petrel.producer.internal.TransactionStateMachine.EndTxn;
import io.petrel.producer.internal.TransactionStateMachine.InitProducerId;
import io.petrel.producer.internal.TransactionStateMachine.Next;
import io.petrel.producer.internal.TransactionStateMachine.Request;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.AddOffsetsToTxnRequest;
import io.petrel.protocol.schemas.AddOffsetsToTxnResponse;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse;
import io.petrel.protocol.schemas.EndTxnRequest;
import io.petrel.protocol.schemas.EndTxnResponse;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest;
import io.petrel.protocol.schemas.TxnOffsetCommitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The transactional producer's conversation with the coordinators, run by the sender thread: takes the
 * {@link TransactionStateMachine}'s next request, sends it, and reports the answer back to the state machine,
 * which decides what it means; this class only builds bodies, reads answers and waits between retries.
 *
 * <p>How it works: one request at a time, as kafka-clients does, so the coordinator sees them in order.
 * Every request but TxnOffsetCommit goes to the transactional id's coordinator, TxnOffsetCommit to the
 * consumer group's, each reached through a {@link CoordinatorLink} (found with FindCoordinator, forgotten when
 * an answer says it moved or its connection fails). Answers arrive on the network's thread and are handed to
 * the sender thread ({@code deliver}), so the state machine and {@link IdempotenceState} are only touched
 * there. Versions: AddPartitionsToTxn at most v3 (v4+ is the brokers' own); under transactions version 1
 * TxnOffsetCommit at most v4 and EndTxn at most v4, so the broker does not take them for version 2 calls.
 * A new producer id or epoch (InitProducerId, EndTxn v5+) restarts the idempotent sequences.
 */
final class TransactionRequests {
    private static final Logger log = LoggerFactory.getLogger(TransactionRequests.class);
    /** As kafka-clients: the first AddPartitionsToTxn refused for a transaction still completing waits little. */
    private static final long RETRY_SOON_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final short CLIENT_ADD_PARTITIONS_MAX_VERSION = 3;
    private static final short TRANSACTION_V1_MAX_VERSION = 4;

    private final ProducerSettings settings;
    private final TransactionStateMachine machine;
    private final ClientNetwork network;
    private final IdempotenceState idempotence;
    private final RetryPolicy retry;
    private final Time time;
    private final Consumer<Runnable> deliver;
    private final Duration requestTimeout;
    private final CoordinatorLink transactionCoordinator;
    private final Map<String, CoordinatorLink> groupCoordinators = new HashMap<>();
    private Request inFlight;
    private long retryAtNanos;
    private int attempts;

    TransactionRequests(ProducerSettings settings, TransactionStateMachine machine, ClientNetwork network,
                        IdempotenceState idempotence, RetryPolicy retry, Time time, Consumer<Runnable> deliver) {
        this.settings = settings;
        this.machine = machine;
        this.network = network;
        this.idempotence = idempotence;
        this.retry = retry;
        this.time = time;
        this.deliver = deliver;
        this.requestTimeout = Duration.ofMillis(settings.requestTimeoutMs());
        this.transactionCoordinator = new CoordinatorLink(network, CoordinatorType.TRANSACTION,
                settings.transactionalId(), requestTimeout);
    }

    /**
     * Sends the next request if none is in flight and no retry backoff runs; returns when it wants to be
     * called again (nanoseconds of {@link Time}), Long.MAX_VALUE when only an answer or a call can bring work.
     *
     * @param recordsOutstanding records of the transaction still unacknowledged (EndTxn waits for them)
     */
    long poll(long now, boolean recordsOutstanding) {
        if (inFlight != null) {
            return Long.MAX_VALUE;
        }
        if (now - retryAtNanos < 0) {
            return retryAtNanos;
        }
        Request request = machine.nextRequest(recordsOutstanding);
        machine.runCompletions();
        if (request == null) {
            return Long.MAX_VALUE;
        }
        send(request);
        return Long.MAX_VALUE;
    }

    boolean hasInFlight() {
        return inFlight != null;
    }

    private void send(Request request) {
        inFlight = request;
        log.trace("Sending {}", name(request));
        if (request instanceof InitProducerId r) {
            exchange(r, transactionCoordinator, ApiKey.INIT_PRODUCER_ID, v -> initProducerId(r),
                    response -> onProducerId(r, response));
        } else if (request instanceof AddPartitions r) {
            exchange(r, transactionCoordinator, ApiKey.ADD_PARTITIONS_TO_TXN,
                    RequestBody.atMost(CLIENT_ADD_PARTITIONS_MAX_VERSION, v -> addPartitions(r)),
                    response -> after(r, machine.onPartitionsAdded(r, partitionErrors(response.body()))));
        } else if (request instanceof AddOffsets r) {
            exchange(r, transactionCoordinator, ApiKey.ADD_OFFSETS_TO_TXN, v -> addOffsets(r),
                    response -> after(r, machine.onOffsetsAdded(r,
                            ErrorCode.forCode(response.body().get(AddOffsetsToTxnResponse.ERROR_CODE)))));
        } else if (request instanceof CommitOffsets r) {
            RequestBody body = v -> commitOffsets(r);
            exchange(r, groupCoordinator(r.group().groupId()), ApiKey.TXN_OFFSET_COMMIT,
                    r.transactionV2() ? body : RequestBody.atMost(TRANSACTION_V1_MAX_VERSION, body),
                    response -> after(r, machine.onOffsetsCommitted(r, offsetErrors(response.body()))));
        } else if (request instanceof EndTxn r) {
            RequestBody body = v -> endTxn(r);
            exchange(r, transactionCoordinator, ApiKey.END_TXN,
                    r.transactionV2() ? body : RequestBody.atMost(TRANSACTION_V1_MAX_VERSION, body),
                    response -> onEndTxn(r, response));
        }
    }

    /** Sends to the coordinator; the answer (or failure) is handled on the sender thread. */
    private void exchange(Request request, CoordinatorLink coordinator, ApiKey api, RequestBody body,
                          Consumer<ClientNetwork.Response> onAnswer) {
        coordinator.send(api, body, requestTimeout).whenComplete((response, error) -> deliver.accept(() -> {
            inFlight = null;
            if (error == null) {
                onAnswer.accept(response);
            } else {
                onFailure(request, error);
            }
        }));
    }

    private CoordinatorLink groupCoordinator(String groupId) {
        return groupCoordinators.computeIfAbsent(groupId,
                id -> new CoordinatorLink(network, CoordinatorType.GROUP, id, requestTimeout));
    }

    private CoordinatorLink coordinatorOf(Request request) {
        return request instanceof CommitOffsets c ? groupCoordinator(c.group().groupId()) : transactionCoordinator;
    }

    /**
     * A request that got no answer. Not reaching the coordinator (a dropped connection, a timeout, a
     * coordinator not in the metadata yet, one that is loading) is retried after finding it again; what cannot
     * pass (an unsupported version, a lookup refused for good) goes to the state machine.
     */
    private void onFailure(Request request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ClientException c && (c.isRetriable() || c.getClass() == ClientException.class)) {
            log.debug("{} did not reach its coordinator, retrying: {}", name(request), cause.toString());
            after(request, machine.onUnreachable(request));
            return;
        }
        RuntimeException failure = cause instanceof RuntimeException re ? re
                : new ClientException(name(request) + " failed: " + cause, cause);
        machine.onRequestFailed(request, failure);
        after(request, Next.DONE);
    }

    /** Acts on the state machine's verdict: over, or (already queued again) wait before the next attempt. */
    private void after(Request request, Next next) {
        if (next == Next.DONE) {
            attempts = 0;
        } else {
            if (next == Next.FIND_COORDINATOR_AND_RETRY) {
                coordinatorOf(request).markUnknown(name(request) + " found no usable coordinator");
            }
            long wait = next == Next.RETRY_SOON ? RETRY_SOON_NANOS : retry.backoffNanos(attempts++);
            retryAtNanos = time.nanoseconds() + wait;
        }
        machine.runCompletions();
    }

    // ---- bodies and answers ----------------------------------------------------------------------------

    private Message initProducerId(InitProducerId r) {
        return InitProducerIdRequest.SCHEMA.newMessage()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, settings.transactionalId())
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, settings.transactionTimeoutMs())
                .set(InitProducerIdRequest.PRODUCER_ID, r.epochBump() ? machine.producerId() : -1L)
                .set(InitProducerIdRequest.PRODUCER_EPOCH, r.epochBump() ? machine.epoch() : (short) -1);
    }

    private void onProducerId(InitProducerId r, ClientNetwork.Response response) {
        Message body = response.body();
        Next next = machine.onProducerId(r, ErrorCode.forCode(body.get(InitProducerIdResponse.ERROR_CODE)),
                body.get(InitProducerIdResponse.PRODUCER_ID), body.get(InitProducerIdResponse.PRODUCER_EPOCH),
                response.version(), network.finalizedFeatures());
        if (next == Next.DONE && machine.producerId() >= 0) {
            idempotence.setProducerId(machine.producerId(), machine.epoch());
        }
        after(r, next);
    }

    private Message addPartitions(AddPartitions r) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        r.partitions().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(Message.of(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.SCHEMA)
                .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME, topic)
                .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS, partitions)));
        return AddPartitionsToTxnRequest.SCHEMA.newMessage()
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID, settings.transactionalId())
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID, machine.producerId())
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH, machine.epoch())
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS, topics);
    }

    private static Map<TopicPartition, ErrorCode> partitionErrors(Message body) {
        return errorsByPartition(body.get(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW),
                AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.NAME,
                AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION,
                AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_INDEX,
                AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE);
    }

    /** Per-partition error codes of an answer shaped topics -> partitions, as AddPartitionsToTxn's and TxnOffsetCommit's. */
    private static Map<TopicPartition, ErrorCode> errorsByPartition(List<Message> topics, Field<String> topicName,
                                                                    Field<List<Message>> partitions,
                                                                    Field<Integer> partitionIndex, Field<Short> errorCode) {
        Map<TopicPartition, ErrorCode> errors = new LinkedHashMap<>();
        for (Message topic : topics) {
            String name = topic.get(topicName);
            for (Message p : topic.get(partitions)) {
                errors.put(new TopicPartition(name, p.get(partitionIndex)), ErrorCode.forCode(p.get(errorCode)));
            }
        }
        return errors;
    }

    private Message addOffsets(AddOffsets r) {
        return AddOffsetsToTxnRequest.SCHEMA.newMessage()
                .set(AddOffsetsToTxnRequest.TRANSACTIONAL_ID, settings.transactionalId())
                .set(AddOffsetsToTxnRequest.PRODUCER_ID, machine.producerId())
                .set(AddOffsetsToTxnRequest.PRODUCER_EPOCH, machine.epoch())
                .set(AddOffsetsToTxnRequest.GROUP_ID, r.group().groupId());
    }

    private Message commitOffsets(CommitOffsets r) {
        Map<String, List<Message>> byTopic = new LinkedHashMap<>();
        r.offsets().forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(Message.of(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.SCHEMA)
                        .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.PARTITION_INDEX, tp.partition())
                        .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.COMMITTED_OFFSET, om.offset())
                        .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.COMMITTED_LEADER_EPOCH,
                                om.leaderEpoch().orElse(-1))
                        .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.COMMITTED_METADATA, om.metadata())));
        List<Message> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(Message.of(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.SCHEMA)
                .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.NAME, topic)
                .set(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.PARTITIONS, partitions)));
        ConsumerGroupMetadata group = r.group();
        return TxnOffsetCommitRequest.SCHEMA.newMessage()
                .set(TxnOffsetCommitRequest.TRANSACTIONAL_ID, settings.transactionalId())
                .set(TxnOffsetCommitRequest.GROUP_ID, group.groupId())
                .set(TxnOffsetCommitRequest.PRODUCER_ID, machine.producerId())
                .set(TxnOffsetCommitRequest.PRODUCER_EPOCH, machine.epoch())
                .set(TxnOffsetCommitRequest.GENERATION_ID, group.generationId())
                .set(TxnOffsetCommitRequest.MEMBER_ID, group.memberId())
                .set(TxnOffsetCommitRequest.GROUP_INSTANCE_ID, group.groupInstanceId().orElse(null))
                .set(TxnOffsetCommitRequest.TOPICS, topics);
    }

    private static Map<TopicPartition, ErrorCode> offsetErrors(Message body) {
        return errorsByPartition(body.get(TxnOffsetCommitResponse.TOPICS),
                TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.NAME,
                TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.PARTITIONS,
                TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.PARTITION_INDEX,
                TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.ERROR_CODE);
    }

    private Message endTxn(EndTxn r) {
        return EndTxnRequest.SCHEMA.newMessage()
                .set(EndTxnRequest.TRANSACTIONAL_ID, settings.transactionalId())
                .set(EndTxnRequest.PRODUCER_ID, machine.producerId())
                .set(EndTxnRequest.PRODUCER_EPOCH, machine.epoch())
                .set(EndTxnRequest.COMMITTED, r.commit());
    }

    private void onEndTxn(EndTxn r, ClientNetwork.Response response) {
        Message body = response.body();
        long before = machine.producerId();
        short beforeEpoch = machine.epoch();
        Next next = machine.onEndTxn(r, ErrorCode.forCode(body.get(EndTxnResponse.ERROR_CODE)),
                response.version() >= 5 ? body.get(EndTxnResponse.PRODUCER_ID) : -1L,
                response.version() >= 5 ? body.get(EndTxnResponse.PRODUCER_EPOCH) : (short) -1,
                network.finalizedFeatures());
        if (machine.producerId() != before || machine.epoch() != beforeEpoch) {
            idempotence.setProducerId(machine.producerId(), machine.epoch());
        }
        after(r, next);
    }

    private static String name(Request request) {
        if (request instanceof InitProducerId r) {
            return r.epochBump() ? "InitProducerId (epoch bump)" : "InitProducerId";
        } else if (request instanceof AddPartitions r) {
            return "AddPartitionsToTxn " + r.partitions();
        } else if (request instanceof AddOffsets r) {
            return "AddOffsetsToTxn for group '" + r.group().groupId() + "'";
        } else if (request instanceof CommitOffsets r) {
            return "TxnOffsetCommit for group '" + r.group().groupId() + "'";
        }
        return ((EndTxn) request).commit() ? "EndTxn(commit)" : "EndTxn(abort)";
    }
}
