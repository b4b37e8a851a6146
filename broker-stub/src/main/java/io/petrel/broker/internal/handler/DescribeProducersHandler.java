package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.log.ActiveProducer;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeProducersRequest;
import io.petrel.protocol.schemas.DescribeProducersResponse;
import io.petrel.protocol.schemas.DescribeProducersResponse.PartitionResponse;
import io.petrel.protocol.schemas.DescribeProducersResponse.ProducerState;
import io.petrel.protocol.schemas.DescribeProducersResponse.TopicResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeProducers (Admin.describeProducers, kafka-transactions describe-producers): per partition
 * the producers its log keeps state for, with epoch, last sequence and timestamp, and the start offset of
 * a transaction they have open there (which is what finds a hanging transaction). An unknown partition is
 * UNKNOWN_TOPIC_OR_PARTITION; with an authorizer a topic needs READ (else TOPIC_AUTHORIZATION_FAILED), as in
 * Kafka.
 */
public final class DescribeProducersHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final RequestAuthorizer access;

    public DescribeProducersHandler(TopicRegistry topics, RequestAuthorizer access) {
        this.topics = topics;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_PRODUCERS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_PRODUCERS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> {
            List<Message> topicsOut = new ArrayList<>();
            for (Message t : request.get(DescribeProducersRequest.TOPICS)) {
                String name = t.get(DescribeProducersRequest.TopicRequest.NAME);
                boolean allowed = access.allowedOnTopic(context, AclOperation.READ, name);
                List<Message> partitions = new ArrayList<>();
                for (int p : t.get(DescribeProducersRequest.TopicRequest.PARTITION_INDEXES)) {
                    partitions.add(allowed ? partition(name, p) : Message.of(PartitionResponse.SCHEMA)
                            .set(PartitionResponse.PARTITION_INDEX, p)
                            .set(PartitionResponse.ERROR_CODE, ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                            .set(PartitionResponse.ERROR_MESSAGE, "Not authorized to read topic '" + name + "'")
                            .set(PartitionResponse.ACTIVE_PRODUCERS, List.of()));
                }
                topicsOut.add(Message.of(TopicResponse.SCHEMA).set(TopicResponse.NAME, name)
                        .set(TopicResponse.PARTITIONS, partitions));
            }
            return DescribeProducersResponse.SCHEMA.newMessage()
                    .set(DescribeProducersResponse.THROTTLE_TIME_MS, 0)
                    .set(DescribeProducersResponse.TOPICS, topicsOut);
        });
    }

    private Message partition(String topic, int partition) {
        Message response = Message.of(PartitionResponse.SCHEMA).set(PartitionResponse.PARTITION_INDEX, partition);
        List<ActiveProducer> active;
        try {
            active = topics.partition(topic, partition).activeProducers();
        } catch (TopicException e) {
            return response.set(PartitionResponse.ERROR_CODE, e.errorCode().code())
                    .set(PartitionResponse.ERROR_MESSAGE, e.getMessage())
                    .set(PartitionResponse.ACTIVE_PRODUCERS, List.of());
        }
        List<Message> producers = new ArrayList<>(active.size());
        for (ActiveProducer a : active) {
            producers.add(Message.of(ProducerState.SCHEMA)
                    .set(ProducerState.PRODUCER_ID, a.producerId())
                    .set(ProducerState.PRODUCER_EPOCH, (int) a.producerEpoch())
                    .set(ProducerState.LAST_SEQUENCE, a.lastSequence())
                    .set(ProducerState.LAST_TIMESTAMP, a.lastTimestamp())
                    .set(ProducerState.COORDINATOR_EPOCH, a.currentTxnStartOffset() >= 0 ? 0 : -1)
                    .set(ProducerState.CURRENT_TXN_START_OFFSET, a.currentTxnStartOffset()));
        }
        return response.set(PartitionResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(PartitionResponse.ACTIVE_PRODUCERS, producers);
    }
}
