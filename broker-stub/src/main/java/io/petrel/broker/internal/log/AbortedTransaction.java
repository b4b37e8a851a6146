package io.petrel.broker.internal.log;

/**
 * One aborted transaction of a partition, as Kafka's {@code .txnindex} entry records it: a read_committed
 * reader drops the producer's records from {@code firstOffset} up to the abort marker at {@code lastOffset}.
 *
 * @param producerId       the transaction's producer
 * @param firstOffset      the offset of its first record in this partition
 * @param lastOffset       the offset of its abort marker
 * @param lastStableOffset the partition's last stable offset once the marker was written
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
