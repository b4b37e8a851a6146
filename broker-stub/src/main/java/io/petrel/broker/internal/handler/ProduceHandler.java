package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.broker.internal.metrics.TopicTraffic;
import io.petrel.broker.internal.log.LogAppendException;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.broker.internal.txn.TransactionCoordinator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.Versions;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.record.RecordBatchHeader;
import io.petrel.protocol.record.RecordBatches;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceRequest.PartitionProduceData;
import io.petrel.protocol.schemas.ProduceRequest.TopicProduceData;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Answers Produce (v3-13): appends each partition's record batch to its log and reports the offsets.
 *
 * <p>As Kafka: each partition must carry exactly one magic-2 batch; acks must be -1, 0 or 1; acks=0 gets
 * no response at all, after the append. acks=-1 is met by this node alone whatever the topic's
 * min.insync.replicas: Kafka 4.x caps the min ISR a write needs at the replication factor, 1 here. A
 * compacted topic refuses records without a key, and a CreateTime topic refuses timestamps outside its
 * message.timestamp.before/after.max.ms bounds (see {@link ProduceValidation}). Produce does not
 * create topics (Kafka creates them on Metadata, which a producer always asks first); an unknown topic is
 * UNKNOWN_TOPIC_OR_PARTITION, or UNKNOWN_TOPIC_ID by id from v13. The log validates the batch, assigns
 * offsets and checks idempotent producers' sequences; a duplicate batch is answered with its original
 * offsets, as Kafka does.
 *
 * <p>A transactional batch needs the request's transactional id and goes through the
 * {@link TransactionCoordinator}, which checks the producer's epoch and that the partition is in the
 * transaction (adding it from v12, transactions version 2) and appends under its lock. record_errors
 * stays empty: a refused record is named in the error message instead.
 *
 * <p>With an authorizer, as Kafka: a transactional id needs WRITE on it (else every partition is
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED); each topic needs WRITE (else TOPIC_AUTHORIZATION_FAILED, by name whether
 * or not the topic exists), checked before anything is appended.
 *
 * <p>After each appended (not duplicate) batch the {@link AppendListener} is told, which wakes fetches
 * waiting on the partition.
 */
public final class ProduceHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    /** From this version a transactional Produce adds its partition to the transaction (KIP-890). */
    private static final short TRANSACTIONS_V2_PRODUCE = 12;

    private final TopicRegistry topics;
    private final AppendListener appendListener;
    private final ProduceValidation validation;
    private final RequestAuthorizer access;
    private final TransactionCoordinator transactions;
    private final TopicTraffic traffic;

    /** @param clock the broker's time, which record timestamps are bounded by */
    public ProduceHandler(TopicRegistry topics, AppendListener appendListener, Clock clock, RequestAuthorizer access,
                          TransactionCoordinator transactions) {
        this(topics, appendListener, clock, access, transactions, TopicTraffic.NONE);
    }

    /** @param traffic told of each append's bytes and records, for BytesInPerSec and MessagesInPerSec */
    public ProduceHandler(TopicRegistry topics, AppendListener appendListener, Clock clock, RequestAuthorizer access,
                          TransactionCoordinator transactions, TopicTraffic traffic) {
        this.traffic = traffic;
        this.topics = topics;
        this.appendListener = appendListener;
        this.validation = new ProduceValidation(clock);
        this.access = access;
        this.transactions = transactions;
    }

    @Override
    public ApiKey api() {
        return ApiKey.PRODUCE;
    }

    @Override
    public Versions versions() {
        return ApiKey.PRODUCE.versions();
    }

    /** The outcome of one partition. */
    private record Outcome(ErrorCode error, String message, long baseOffset, long logAppendTime,
                           long logStartOffset) {
        static Outcome failed(ErrorCode error, String message) {
            return new Outcome(error, message, -1L, -1L, -1L);
        }
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            short acks = request.get(ProduceRequest.ACKS);
            Message body = produce(context, request, acks);
            return CompletableFuture.completedFuture(acks == 0 ? Response.none() : Response.of(body));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Message produce(RequestContext context, Message request, short acks) {
        short version = context.apiVersion();
        String transactionalId = request.get(ProduceRequest.TRANSACTIONAL_ID);
        boolean transactionAuthorized = transactionalId == null
                || access.allowed(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId);
        List<Message> responses = new ArrayList<>();
        boolean anyError = false;
        for (Message topicData : request.get(ProduceRequest.TOPIC_DATA)) {
            Optional<Topic> topic = version >= 13 ? topics.topic(topicData.get(TopicProduceData.TOPIC_ID))
                    : topics.topic(topicData.get(TopicProduceData.NAME));
            Message topicResponse = Message.of(TopicProduceResponse.SCHEMA);
            if (version >= 13) {
                topicResponse.set(TopicProduceResponse.TOPIC_ID, topicData.get(TopicProduceData.TOPIC_ID));
            } else {
                topicResponse.set(TopicProduceResponse.NAME, topicData.get(TopicProduceData.NAME));
            }
            String topicName = topic.map(Topic::name).orElse(version >= 13 ? null : topicData.get(TopicProduceData.NAME));
            boolean topicAuthorized = topicName == null || access.allowedOnTopic(context, AclOperation.WRITE, topicName);
            List<Message> partitions = new ArrayList<>();
            for (Message partitionData : topicData.get(TopicProduceData.PARTITION_DATA)) {
                int index = partitionData.get(PartitionProduceData.INDEX);
                Outcome outcome;
                if (!transactionAuthorized) {
                    outcome = Outcome.failed(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, "Not authorized to write"
                            + " with transactional id '" + transactionalId + "'");
                } else if (!topicAuthorized) {
                    outcome = Outcome.failed(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Not authorized to write to topic '"
                            + topicName + "'");
                } else if (acks != 0 && acks != 1 && acks != -1) {
                    outcome = Outcome.failed(ErrorCode.INVALID_REQUIRED_ACKS, "acks=" + acks
                            + " is invalid: expected -1 (all), 0 (none) or 1 (leader)");
                } else if (topic.isEmpty()) {
                    outcome = version >= 13
                            ? Outcome.failed(ErrorCode.UNKNOWN_TOPIC_ID, "No topic has id "
                            + topicData.get(TopicProduceData.TOPIC_ID))
                            : Outcome.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '"
                            + topicData.get(TopicProduceData.NAME) + "' does not exist");
                } else {
                    outcome = append(version, transactionalId, topic.get(), index,
                            partitionData.get(PartitionProduceData.RECORDS));
                }
                anyError |= outcome.error() != ErrorCode.NONE;
                partitions.add(partitionResponse(version, index, outcome));
            }
            topicResponse.set(TopicProduceResponse.PARTITION_RESPONSES, partitions);
            responses.add(topicResponse);
        }
        if (acks == 0 && anyError) {
            log.debug("Produce with acks=0 had errors the client will not see: {}", responses);
        }
        return ProduceResponse.SCHEMA.newMessage()
                .set(ProduceResponse.RESPONSES, responses)
                .set(ProduceResponse.THROTTLE_TIME_MS, 0);
    }

    private Outcome append(short version, String transactionalId, Topic topic, int partition, ByteBuffer records) {
        if (!topic.hasPartition(partition)) {
            return Outcome.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic.name() + "' has partitions 0 to "
                    + (topic.partitions() - 1) + ", not " + partition);
        }
        Outcome invalid = checkBatch(records);
        if (invalid != null) {
            return invalid;
        }
        RecordBatch batch = RecordBatch.wrap(records);
        ProduceValidation.Refusal refusal = validation.check(topic, partition, batch);
        if (refusal != null) {
            return Outcome.failed(refusal.error(), refusal.message());
        }
        if (!batch.isTransactional()) {
            return append(topic, partition, records);
        }
        if (transactionalId == null || transactionalId.isEmpty()) {
            return Outcome.failed(ErrorCode.INVALID_REQUEST, "A transactional record batch (producer id "
                    + batch.producerId() + ") came in a Produce request without a transactional id");
        }
        return transactions.produce(transactionalId, batch.producerId(), batch.producerEpoch(),
                topic.partition(partition), version >= TRANSACTIONS_V2_PRODUCE, () -> append(topic, partition, records),
                error -> Outcome.failed(error, "Transactional id '" + transactionalId + "' (producer id "
                        + batch.producerId() + ", epoch " + batch.producerEpoch() + ") may not write to "
                        + topic.name() + "-" + partition + " now: " + error.message()));
    }

    private Outcome append(Topic topic, int partition, ByteBuffer records) {
        try {
            PartitionLog partitionLog = topics.partition(topic.name(), partition);
            PartitionLog.AppendResult result = partitionLog.append(records.duplicate());
            if (!result.duplicate()) {
                traffic.produced(topic.name(), records.remaining(), result.lastOffset() - result.baseOffset() + 1);
                appendListener.onAppend(topic.partition(partition));
            }
            return new Outcome(ErrorCode.NONE, null, result.baseOffset(), result.logAppendTime(),
                    result.logStartOffset());
        } catch (TopicException e) {
            return Outcome.failed(e.errorCode(), e.getMessage());
        } catch (LogAppendException e) {
            return Outcome.failed(e.errorCode(), e.getMessage());
        } catch (IOException e) {
            if (topics.topic(topic.name()).isEmpty()) {
                return Outcome.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic.name()
                        + "' was deleted during the append");
            }
            log.error("Could not append to partition {}-{}", topic.name(), partition, e);
            return Outcome.failed(ErrorCode.KAFKA_STORAGE_ERROR, "Could not append to " + topic.name() + "-"
                    + partition + ": " + e.getMessage());
        }
    }

    /** Kafka's request-level checks of a partition's records; null when they pass. */
    private static Outcome checkBatch(ByteBuffer records) {
        if (records == null || !records.hasRemaining()) {
            return Outcome.failed(ErrorCode.INVALID_RECORD, "The partition's records are empty: expected exactly"
                    + " one record batch");
        }
        OptionalInt magic = RecordBatchHeader.magicAt(records, records.position());
        if (magic.isPresent() && magic.getAsInt() != RecordBatch.MAGIC) {
            return Outcome.failed(ErrorCode.INVALID_RECORD, "Record batch has magic " + magic.getAsInt()
                    + ": Produce v3 and later take only magic " + RecordBatch.MAGIC + " batches");
        }
        int count = 0;
        try {
            for (RecordBatch ignored : RecordBatches.strict(records)) {
                count++;
            }
        } catch (ProtocolException e) {
            return Outcome.failed(ErrorCode.CORRUPT_MESSAGE, e.getMessage());
        }
        if (count != 1) {
            return Outcome.failed(ErrorCode.INVALID_RECORD, "The partition's records hold " + count
                    + " record batches: expected exactly one");
        }
        return null;
    }

    private static Message partitionResponse(short version, int index, Outcome outcome) {
        Message response = Message.of(PartitionProduceResponse.SCHEMA)
                .set(PartitionProduceResponse.INDEX, index)
                .set(PartitionProduceResponse.ERROR_CODE, outcome.error().code())
                .set(PartitionProduceResponse.BASE_OFFSET, outcome.baseOffset())
                .set(PartitionProduceResponse.LOG_APPEND_TIME_MS, outcome.logAppendTime());
        if (version >= 5) {
            response.set(PartitionProduceResponse.LOG_START_OFFSET, outcome.logStartOffset());
        }
        if (version >= 8) {
            response.set(PartitionProduceResponse.ERROR_MESSAGE, outcome.message());
        }
        return response;
    }
}
