/**
 * The durable log of one partition, laid out as Kafka lays it out.
 *
 * <p>{@code PartitionLog} is a directory of {@code LogSegment}s named by base offset: each a {@code .log} of
 * whole record batches v2, with a sparse {@code OffsetIndex} and {@code TimeIndex} (both kept by
 * {@code IndexFile}). Appends are validated by the {@code LogValidator}, checked against the idempotent
 * producers' {@code ProducerStateTable}, given offsets and written under one lock; reads return
 * {@code LogSlice}s that the network layer sends from the segment file without copying. The {@code LogLoader}
 * recovers a partition directory on open, with the {@code OffsetCheckpoint}s (log start, and the recovery point below which the {@code LogFlusher}
 * thread has forced the rolled segments to disk); it and index rebuilds
 * read only batch headers (each a {@code SegmentBatch}, walked by {@code BatchScanner}). A refused append is a {@code LogAppendException}, a read
 * outside the log an {@code OffsetOutOfRangeException}, each carrying the Kafka error the response needs.
 * Transactions: the {@code TransactionIndex} tracks the open transactions (which give the last stable offset)
 * and the {@code AbortedTransaction}s, kept per segment in Kafka's {@code .txnindex} files and rebuilt from the
 * log on open; {@code ActiveProducer} is a producer's state as DescribeProducers reports it.
 *
 * <p>Compaction: the broker's {@code LogCleaner} thread picks the filthiest compacted partition (its
 * {@code CompactionConfig}) and has the {@code Cleaner} rewrite its closed segments, keeping the last record of each
 * key; {@code PartitionLog#replaceSegments} swaps the cleaned segment in through {@code .cleaned}/{@code .swap}/
 * {@code .deleted} files, which the {@code LogLoader} completes or rolls back after a crash. How far each partition
 * is clean is kept in the {@code CleanerCheckpoint}. Not API: may change without notice.
 */
package io.petrel.broker.internal.log;
