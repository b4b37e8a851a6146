/**
 * Kafka's record batch v2 (magic 2), read and written without copying where it can be.
 *
 * <p>{@link io.petrel.protocol.record.RecordBatches} walks the batches laid end to end in a buffer and hands out
 * {@link io.petrel.protocol.record.RecordBatch} views over the same memory; a batch's
 * {@link io.petrel.protocol.record.Record}s are decoded lazily (decompressed once when compressed), keys and
 * values sliced from the batch, headers decoded on first read. {@link io.petrel.protocol.record.RecordBatchBuilder}
 * encodes a batch: records are written as they are appended, the header last, so producer id, sequence and
 * compression may still change after the records are in. Every length is checked against the bytes that remain,
 * so bad input is a {@code ProtocolException}. Control records are read into
 * {@link io.petrel.protocol.record.TransactionMarker}s.
 */
package io.petrel.protocol.record;
