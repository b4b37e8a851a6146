package io.petrel.broker.internal.txn;

import io.petrel.broker.internal.handler.AppendListener;
import io.petrel.broker.internal.log.LogAppendException;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.record.ControlRecordType;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TransactionMarker;

import java.io.IOException;
import java.time.Clock;

/**
 * Appends transaction markers to the partition logs of a {@link TopicRegistry}: a control batch of one
 * record, transactional, with the producer's id and epoch and no sequence, as Kafka writes them; fetches
 * waiting on the partition are woken as by a Produce.
 */
public final class PartitionMarkerWriter implements TransactionMarkerWriter {
    private final TopicRegistry topics;
    private final AppendListener appendListener;
    private final Clock clock;

    public PartitionMarkerWriter(TopicRegistry topics, AppendListener appendListener, Clock clock) {
        this.topics = topics;
        this.appendListener = appendListener;
        this.clock = clock;
    }

    @Override
    public void write(TopicPartition partition, long producerId, short producerEpoch, boolean commit)
            throws IOException, LogAppendException, TopicException {
        RecordBatchBuilder builder = new RecordBatchBuilder(0).producer(producerId, producerEpoch, -1)
                .transactional(true).control(true);
        builder.appendTransactionMarker(clock.millis(), new TransactionMarker(
                commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, COORDINATOR_EPOCH));
        topics.partition(partition.topic(), partition.partition()).append(builder.build());
        appendListener.onAppend(partition);
    }
}
