package io.petrel.broker.internal.log;

import io.petrel.protocol.record.RecordBatchHeader;

/**
 * One record batch of a segment file as the log walks them: where it starts in the file and its header.
 * The log reads only headers to find batches, rebuild indexes and replay producer state, so it never has
 * to decode or decompress records for those; the header's layout is the protocol's.
 *
 * @param position the batch's first byte in the segment file
 */
record SegmentBatch(long position, RecordBatchHeader header) {
}
