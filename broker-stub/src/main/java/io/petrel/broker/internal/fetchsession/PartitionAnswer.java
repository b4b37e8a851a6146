package io.petrel.broker.internal.fetchsession;

/**
 * What a fetch response says of one partition, as far as a session compares it with what the client was last told.
 *
 * @param errorCode        the partition's error code (0: none)
 * @param highWatermark    the high watermark
 * @param lastStableOffset the last stable offset
 * @param logStartOffset   the log start offset
 * @param recordBytes      bytes of records in the answer (0: none)
 */
public record PartitionAnswer(short errorCode, long highWatermark, long lastStableOffset, long logStartOffset,
                              int recordBytes) {
}
