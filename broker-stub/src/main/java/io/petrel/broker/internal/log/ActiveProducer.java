package io.petrel.broker.internal.log;

/**
 * A producer with state in a partition, as DescribeProducers reports it.
 *
 * @param producerId            the producer id
 * @param producerEpoch         its current epoch here
 * @param lastSequence          the last sequence it appended, -1 if none is kept
 * @param lastTimestamp         the timestamp of its last appended batch, -1 if none is kept
 * @param currentTxnStartOffset the first offset of its transaction open here, -1 if none
 */
public record ActiveProducer(long producerId, short producerEpoch, int lastSequence, long lastTimestamp,
                             long currentTxnStartOffset) {
}
