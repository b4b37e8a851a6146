/**
 * broker-stub's transaction coordinator: transactional producers' ids and epochs, the partitions and
 * consumer-group offsets of each open transaction, the commit and abort markers it writes into the
 * partitions, and its durable {@link io.petrel.broker.internal.txn.TransactionJournal journal}.
 *
 * <p>{@link io.petrel.broker.internal.txn.TransactionCoordinator} holds the state machine (Kafka's states:
 * Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort);
 * {@link io.petrel.broker.internal.txn.TransactionMetadata} one transactional id's state;
 * {@link io.petrel.broker.internal.txn.TransactionMarkerWriter} appends markers to partition logs; one
 * handler class per API (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn,
 * DescribeTransactions, ListTransactions) answers the wire.
 */
package io.petrel.broker.internal.txn;
