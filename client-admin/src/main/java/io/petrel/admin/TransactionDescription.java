package io.petrel.admin;

import io.petrel.client.TopicPartition;

import java.util.List;
import java.util.OptionalLong;

/**
 * One transactional id as its coordinator's DescribeTransactions describes it.
 *
 * @param coordinatorId    the node id of the coordinator
 * @param transactionalId  the transactional id
 * @param producerId       its current producer id
 * @param producerEpoch    its current epoch
 * @param state            the coordinator's state name (Empty, Ongoing, PrepareCommit, CompleteCommit, ...)
 * @param timeoutMs        the transaction.timeout.ms the producer asked for
 * @param startTimeMs      when the open transaction started (its first partition), empty when none is open
 * @param partitions       the partitions of the open transaction, sorted
 */
public record TransactionDescription(int coordinatorId, String transactionalId, long producerId, short producerEpoch,
                                     String state, int timeoutMs, OptionalLong startTimeMs,
                                     List<TopicPartition> partitions) {
}
